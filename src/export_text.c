/* export_text.c: the text formats' writers -- CSV, Anki's text import and
 * Markdown -- apart from the file handling and JSON in export.c, so that
 * each file holds one concern (the rules for untrusted text are in
 * export.c's opening comment and hold here). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buildspeak/alloc.h"
#include "buildspeak/export.h"
#include "buildspeak/matcher.h"
#include "buildspeak/text.h"
#include "buildspeak/vocab.h"
#include "export_int.h"

/* Anki's target for the import, see export.h. */
#define ANKI_NOTETYPE "Basic"
#define ANKI_TAG "buildspeak"

/* ---- csv --------------------------------------------------------------- */

/* Writes one field. The characters that must never go out are dropped;
 * text (a column that comes from an imported page or the learner's
 * typing) that would then begin with = + - @ tab or CR gets a leading '
 * so that a spreadsheet shows it rather than evaluating it as a formula
 * (OWASP's advice on CSV injection). */
static void export_csv_field(struct sink *k, const char *raw, bool text,
			     bool last)
{
	struct buf clean = { 0 };
	raw = raw ? raw : "";
	size_t len = strlen(raw);
	if (text && strchr("=+-@\t\r", raw[0]) && raw[0])
		export_buf_putc(&clean, '\'');
	for (size_t i = 0; i < len;) {
		size_t u = export_unsafe_len(raw + i, len - i);
		if (u) {
			i += u;
			if (text && clean.len == 0 && i < len &&
			    strchr("=+-@\t\r", raw[i]))
				export_buf_putc(&clean, '\'');
			continue;
		}
		export_buf_putc(&clean, raw[i++]);
	}
	const char *s = export_buf_str(&clean);
	if (strpbrk(s, ",\"\r\n")) {
		export_sink_puts(k, "\"");
		for (const char *q; (q = strchr(s, '"')); s = q + 1) {
			export_sink_write(k, s, (size_t)(q - s) + 1);
			export_sink_puts(k, "\"");
		}
		export_sink_puts(k, s);
		export_sink_puts(k, "\"");
	} else {
		export_sink_puts(k, s);
	}
	export_sink_puts(k, last ? "\r\n" : ",");
	free(clean.s);
}

void export_write_csv(struct sink *k, const struct vocab_entry *v, size_t n,
		      bool bom)
{
	if (bom)
		export_sink_puts(k, "\xEF\xBB\xBF");
	static const char *const header[] = {
		"term", "gloss", "note", "english", "chinese", "episode",
		"podcast", "date", "source_url", "time", "saved", "contexts",
	};
	const size_t nh = sizeof header / sizeof header[0];
	for (size_t i = 0; i < nh; i++)
		export_csv_field(k, header[i], false, i + 1 == nh);

	for (size_t i = 0; i < n && !k->err; i++) {
		const struct vocab_entry *e = &v[i];
		const struct vocab_context *c = export_first_context(e);
		char clock[32] = "", saved[40], count[24];
		if (c)
			export_format_clock(c->at, true, clock);
		export_format_local_time(e->created, saved);
		snprintf(count, sizeof count, "%zu", e->n_contexts);
		export_csv_field(k, export_str(e->term), true, false);
		export_csv_field(k, export_str(e->gloss), true, false);
		export_csv_field(k, export_str(e->note), true, false);
		export_csv_field(k, c ? export_str(c->en) : "", true, false);
		export_csv_field(k, c ? export_str(c->zh) : "", true, false);
		export_csv_field(k, c ? export_str(c->title) : "", true, false);
		export_csv_field(k, c ? export_str(c->podcast) : "", true,
				 false);
		export_csv_field(k, c ? export_str(c->date) : "", true, false);
		export_csv_field(k, c ? export_str(c->source_url) : "", true,
				 false);
		export_csv_field(k, clock, false, false);
		export_csv_field(k, saved, false, false);
		export_csv_field(k, count, false, true);
	}
}

/* ---- anki -------------------------------------------------------------- */

/* HTML-escapes s[0..len) for a field of a #html:true file: & < > " become
 * entities (so no raw quote can make Anki's reader see a quoted field), a
 * tab becomes a space (it separates fields), every line break <br> (a
 * record is one line) and the characters that must never go out go. */
static void export_html_escape(struct buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		size_t u = export_unsafe_len(s + i, len - i);
		if (u) {
			i += u - 1;
			continue;
		}
		switch (s[i]) {
		case '&':
			export_buf_puts(b, "&amp;");
			break;
		case '<':
			export_buf_puts(b, "&lt;");
			break;
		case '>':
			export_buf_puts(b, "&gt;");
			break;
		case '"':
			export_buf_puts(b, "&quot;");
			break;
		case '\t':
			export_buf_putc(b, ' ');
			break;
		case '\r':
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
			/* fall through */
		case '\n':
			export_buf_puts(b, "<br>");
			break;
		default:
			export_buf_putc(b, s[i]);
			break;
		}
	}
}

static void export_html_escape_str(struct buf *b, const char *s)
{
	export_html_escape(b, s, strlen(s));
}

/* A copy of s with every run of white space -- line breaks included --
 * made one space and none at either end: a term is one line, and Anki
 * would strip a <br> from its first field when it looks for duplicates,
 * making "multi<br>line" the same as "multiline". */
static char *export_anki_one_line(const char *s)
{
	struct buf b = { 0 };
	bool space = false;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = true;
			continue;
		}
		if (space && b.len)
			export_buf_putc(&b, ' ');
		space = false;
		export_buf_putc(&b, *s);
	}
	return b.s ? b.s : xstrdup("");
}

void export_anki_guid(const char *term, char out[EXPORT_ANKI_GUID_SIZE])
{
	char *line = export_anki_one_line(term ? term : "");
	char *key = text_fold(line);
	/* FNV-1a, then a 64-bit finaliser (splitmix64's) so that terms
	 * differing in their last byte differ in every digit. */
	uint64_t h = 14695981039346656037ull;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	h ^= h >> 30;
	h *= 0xBF58476D1CE4E5B9ull;
	h ^= h >> 27;
	h *= 0x94D049BB133111EBull;
	h ^= h >> 31;
	snprintf(out, EXPORT_ANKI_GUID_SIZE, "bs-%016llx",
		 (unsigned long long)h);
	free(key);
	free(line);
}

/* Appends the Back field: gloss, note, the sentence both ways with the
 * term in bold, then where and when it was said. */
static void export_anki_back(struct buf *b, const struct vocab_entry *e)
{
	const struct vocab_context *c = export_first_context(e);
	size_t start = b->len;
	export_html_escape_str(b, export_str(e->gloss));
	if (*export_str(e->note)) {
		if (b->len > start)
			export_buf_puts(b, "<br>");
		export_buf_puts(b, "<i>");
		export_html_escape_str(b, export_str(e->note));
		export_buf_puts(b, "</i>");
	}
	if (!c)
		return;
	if (b->len > start)
		export_buf_puts(b, "<br><br>");
	struct matcher *term = export_term_matcher(export_str(e->term));
	export_add_emphasised(b, export_str(c->en), term, export_html_escape,
			      "<b>", "</b>");
	if (*export_str(c->zh)) {
		export_buf_puts(b, "<br>");
		export_add_emphasised(b, export_str(c->zh), term,
				      export_html_escape, "<b>", "</b>");
	}
	matcher_free(term);

	/* title (a link to the source) · podcast · date · time */
	char clock[32];
	export_format_clock(c->at, false, clock);
	export_buf_puts(b, "<br><br><small>");
	bool web = export_is_web_url(export_str(c->source_url));
	if (web) {
		export_buf_puts(b, "<a href=\"");
		export_html_escape_str(b, export_str(c->source_url));
		export_buf_puts(b, "\">");
	}
	export_html_escape_str(b, *export_str(c->title) ? export_str(c->title)
				  : web			? "source"
							: "");
	if (web)
		export_buf_puts(b, "</a>");
	bool any = web || *export_str(c->title);
	const char *rest[] = { export_str(c->podcast), export_str(c->date),
			       clock };
	for (size_t i = 0; i < 3; i++) {
		if (!*rest[i])
			continue;
		if (any)
			export_buf_puts(b, " · ");
		export_html_escape_str(b, rest[i]);
		any = true;
	}
	export_buf_puts(b, "</small>");
}

/* The deck's name for the header line: one line, no unsafe characters. */
static void export_anki_deck_name(struct buf *b, const char *deck)
{
	char *line =
		export_anki_one_line(deck && *deck ? deck : EXPORT_ANKI_DECK);
	size_t len = strlen(line);
	for (size_t i = 0; i < len;) {
		size_t u = export_unsafe_len(line + i, len - i);
		if (u)
			i += u;
		else
			export_buf_putc(b, line[i++]);
	}
	free(line);
}

void export_write_anki(struct sink *k, const struct vocab_entry *v, size_t n,
		       const char *deck)
{
	struct buf line = { 0 }, field = { 0 };
	export_buf_puts(&line, "#separator:tab\n"
			       "#html:true\n"
			       "#notetype:" ANKI_NOTETYPE "\n"
			       "#deck:");
	export_anki_deck_name(&line, deck);
	export_buf_puts(&line, "\n#tags:" ANKI_TAG "\n"
			       "#guid column:3\n");
	export_sink_write(k, line.s, line.len);
	for (size_t i = 0; i < n && !k->err; i++) {
		const struct vocab_entry *e = &v[i];
		export_buf_reset(&line);
		export_buf_reset(&field);

		/* Anki's reader skips a line that starts with '#'; a field in
		 * quotes is read without them (quotes inside doubled). */
		char *term = export_anki_one_line(export_str(e->term));
		export_html_escape_str(&field, term);
		free(term);
		if (field.s && field.s[0] == '#') {
			export_buf_putc(&line, '"');
			for (const char *p = field.s; *p; p++) {
				if (*p == '"')
					export_buf_putc(&line, '"');
				export_buf_putc(&line, *p);
			}
			export_buf_putc(&line, '"');
		} else {
			export_buf_puts(&line, export_buf_str(&field));
		}

		export_buf_putc(&line, '\t');
		export_anki_back(&line, e);

		char guid[EXPORT_ANKI_GUID_SIZE];
		export_anki_guid(export_str(e->term), guid);
		export_buf_putc(&line, '\t');
		export_buf_puts(&line, guid);
		export_buf_putc(&line, '\n');
		export_sink_write(k, line.s, line.len);
	}
	free(line.s);
	free(field.s);
}

/* ---- markdown ---------------------------------------------------------- */

/* True if s[0..len) continues an '&' into an HTML entity ("amp;",
 * "#38;", "#x26;"), which Markdown would turn into its character. */
static bool export_starts_entity(const char *s, size_t len)
{
	size_t i = 0;
	if (i < len && s[i] == '#')
		i++;
	size_t start = i;
	while (i < len && i - start <= 32 &&
	       export_is_ascii_alnum((unsigned char)s[i]))
		i++;
	return i > start && i < len && s[i] == ';';
}

/* Backslash-escapes s[0..len) for inline Markdown: the characters that
 * start emphasis, code, links, HTML, a heading's closing hashes,
 * strikethrough and table cells, and '&' where it starts an entity. Line
 * breaks and tabs become spaces: each piece of text stays on its line of
 * the structure (a list item, a quote). The characters that must never go
 * out go. */
static void export_md_escape(struct buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		size_t u = export_unsafe_len(s + i, len - i);
		if (u) {
			i += u - 1;
			continue;
		}
		char c = s[i];
		switch (c) {
		case '\\': case '`': case '*': case '_': case '[': case ']':
		case '<': case '>': case '#': case '~': case '|':
			export_buf_putc(b, '\\');
			export_buf_putc(b, c);
			break;
		case '&':
			if (export_starts_entity(s + i + 1, len - i - 1))
				export_buf_putc(b, '\\');
			export_buf_putc(b, c);
			break;
		case '\r':
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
			/* fall through */
		case '\n': case '\t':
			export_buf_putc(b, ' ');
			break;
		default:
			export_buf_putc(b, c);
		}
	}
}

static void export_md_escape_str(struct buf *b, const char *s)
{
	export_md_escape(b, s, strlen(s));
}

/* Like export_md_escape_str, with term emphasised ("" for none), for text that
 * begins a line (after "> " or on its own): leading blanks go (four would
 * make a code block) and a start that Markdown reads as a list item, a
 * setext underline or a numbered item is escaped. */
static void export_md_escape_line(struct buf *b, const char *s,
				  const struct matcher *term)
{
	s += strspn(s, " \t\r\n");
	if (*s == '-' || *s == '+' || *s == '=') {
		export_buf_putc(b, '\\');
		export_buf_putc(b, *s++);
	} else {
		size_t d = strspn(s, "0123456789");
		if (d > 0 && d < 10 && (s[d] == '.' || s[d] == ')')) {
			export_buf_add(b, s, d);
			export_buf_putc(b, '\\');
			export_buf_putc(b, s[d]);
			s += d + 1;
		}
	}
	export_add_emphasised(b, s, term, export_md_escape, "**", "**");
}

/* Appends url as a Markdown link destination in <...>: the characters that
 * would end it or break the line are percent-encoded. */
static void export_md_url(struct buf *b, const char *url)
{
	export_buf_putc(b, '<');
	size_t len = strlen(url), unsafe = 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		/* A C1 or bidi control's bytes are encoded one by one. */
		if (!unsafe)
			unsafe = export_unsafe_len((const char *)p,
						   len - (size_t)(p - (const
						   unsigned char *)url));
		if (*p <= ' ' || *p == '<' || *p == '>' || *p == '\\' ||
		    *p == 0x7F || unsafe) {
			if (unsafe)
				unsafe--;
			char hex[4];
			snprintf(hex, sizeof hex, "%%%02X", *p);
			export_buf_puts(b, hex);
		} else {
			export_buf_putc(b, (char)*p);
		}
	}
	export_buf_putc(b, '>');
}

/* An episode section of the document. */
struct export_md_group {
	const struct vocab_context *meta; /* title etc. from its first context;
					     NULL: entries without an episode */
	size_t rank;                      /* position in the document */
};

/* One context placed in a group: entry i's context j. */
struct export_md_ref {
	size_t group, entry, context;
	double at;
};

/* One list item: entry's contexts refs[first .. first+count) in group. */
struct export_md_item {
	size_t group, entry, first, count;
	double at; /* the earliest of them: items follow the episode's order */
	size_t rank; /* the group's rank, copied for sorting */
};

static bool export_same_string(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool export_has_episode(const struct vocab_context *c)
{
	return c->episode_id != 0 || *export_str(c->title) ||
	       *export_str(c->podcast) || *export_str(c->date) ||
	       *export_str(c->source_url);
}

/* Whether context c belongs to the section of g: the same library
 * episode, or, for a context whose episode is gone, the same metadata. */
static bool export_md_same_episode(const struct vocab_context *g,
				   const struct vocab_context *c)
{
	if (g->episode_id || c->episode_id)
		return g->episode_id == c->episode_id;
	return export_same_string(g->title, c->title) &&
	       export_same_string(g->podcast, c->podcast) &&
	       export_same_string(g->date, c->date) &&
	       export_same_string(g->source_url, c->source_url);
}

static int export_md_cmp_ref(const void *pa, const void *pb)
{
	const struct export_md_ref *a = pa, *b = pb;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->entry != b->entry)
		return a->entry < b->entry ? -1 : 1;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->context < b->context ? -1 : a->context > b->context;
}

static int export_md_cmp_item(const void *pa, const void *pb)
{
	const struct export_md_item *a = pa, *b = pb;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->entry < b->entry ? -1 : a->entry > b->entry;
}

/* Section order: newest date first, then by title; no episode last. */
static int export_md_cmp_group(const void *pa, const void *pb)
{
	const struct export_md_group *const *a = pa, *const *b = pb;
	const struct vocab_context *x = (*a)->meta, *y = (*b)->meta;
	if (!x || !y)
		return !x - !y;
	int d = strcmp(export_str(y->date), export_str(x->date));
	if (d)
		return d;
	d = strcmp(export_str(x->title), export_str(y->title));
	if (d)
		return d;
	if (x->episode_id != y->episode_id)
		return x->episode_id < y->episode_id ? -1 : 1;
	/* Still alike (two gone episodes of one title and date): first
	 * seen first, so the document does not depend on qsort. */
	return *a < *b ? -1 : *a > *b;
}

/* The blocks of the document (headings, items, quotes) each begin with
 * the blank line that separates them from the one before, so the document
 * ends without one. */
static void export_md_heading(struct buf *b, const struct vocab_context *meta)
{
	if (!meta) {
		export_buf_puts(b, "\n## Other words\n");
		return;
	}
	export_buf_puts(b, "\n## ");
	if (*export_str(meta->title))
		export_md_escape_str(b, export_str(meta->title));
	else
		export_buf_puts(b, "Untitled episode");
	export_buf_puts(b, "\n");

	/* The line under the heading starts with untrusted text: escaped as
	 * a line start ("- Pod" is not a list). */
	bool any = false;
	if (*export_str(meta->podcast)) {
		export_buf_puts(b, "\n");
		export_md_escape_line(b, export_str(meta->podcast), NULL);
		any = true;
	}
	if (*export_str(meta->date)) {
		export_buf_puts(b, any ? " · " : "\n");
		export_md_escape_line(b, export_str(meta->date), NULL);
		any = true;
	}
	if (*export_str(meta->source_url)) {
		export_buf_puts(b, any ? " · " : "\n");
		if (export_is_web_url(export_str(meta->source_url))) {
			export_buf_puts(b, "[source](");
			export_md_url(b, export_str(meta->source_url));
			export_buf_puts(b, ")");
		} else if (any) {
			export_md_escape_str(b, export_str(meta->source_url));
		} else {
			export_md_escape_line(b, export_str(meta->source_url),
					      NULL);
		}
		any = true;
	}
	if (any)
		export_buf_puts(b, "\n");
}

static void export_md_item(struct buf *b, const struct vocab_entry *e,
			   const struct export_md_ref *refs, size_t count)
{
	export_buf_puts(b, "\n- **");
	export_md_escape_str(b, export_str(e->term));
	export_buf_puts(b, "**");
	if (*export_str(e->gloss)) {
		export_buf_puts(b, " — ");
		export_md_escape_str(b, export_str(e->gloss));
	}
	export_buf_puts(b, "\n");
	if (*export_str(e->note)) {
		export_buf_puts(b, "\n  *Note:* ");
		export_md_escape_str(b, export_str(e->note));
		export_buf_puts(b, "\n");
	}
	struct matcher *term = export_term_matcher(export_str(e->term));
	for (size_t r = 0; r < count && e->n_contexts; r++) {
		const struct vocab_context *c = &e->contexts[refs[r].context];
		char clock[32];
		export_format_clock(c->at, false, clock);
		export_buf_puts(b, "\n  > `");
		export_buf_puts(b, clock);
		export_buf_puts(b, "` ");
		export_add_emphasised(b, export_str(c->en), term,
				      export_md_escape, "**", "**");
		export_buf_puts(b, "\n");
		if (*export_str(c->zh)) {
			export_buf_puts(b, "  >\n  > ");
			export_md_escape_line(b, export_str(c->zh), term);
			export_buf_puts(b, "\n");
		}
	}
	matcher_free(term);
}

void export_write_md(struct sink *k, const struct vocab_entry *v, size_t n)
{
	struct export_md_group *groups = NULL;
	struct export_md_ref *refs = NULL;
	size_t n_groups = 0, cap_groups = 0, n_refs = 0, cap_refs = 0;
	size_t other = (size_t)-1; /* the "no episode" group, once made */

	/* Place every context in its episode's group; an entry without any
	 * context (or whose contexts name no episode) goes to "other". */
	for (size_t i = 0; i < n; i++) {
		const struct vocab_entry *e = &v[i];
		for (size_t j = 0; j < e->n_contexts || j == 0; j++) {
			const struct vocab_context *c =
				e->n_contexts ? &e->contexts[j] : NULL;
			size_t g;
			if (!c || !export_has_episode(c)) {
				if (other == (size_t)-1) {
					groups = xgrowarray(groups, &cap_groups,
						n_groups + 1, sizeof *groups);
					groups[n_groups] =
						(struct export_md_group){ NULL,
									  0 };
					other = n_groups++;
				}
				g = other;
			} else {
				for (g = 0; g < n_groups; g++)
					if (groups[g].meta &&
					    export_md_same_episode(
						    groups[g].meta, c))
						break;
				if (g == n_groups) {
					groups = xgrowarray(groups, &cap_groups,
						n_groups + 1, sizeof *groups);
					groups[n_groups++] =
						(struct export_md_group){ c,
									  0 };
				}
			}
			refs = xgrowarray(refs, &cap_refs, n_refs + 1,
				sizeof *refs);
			refs[n_refs++] =
				(struct export_md_ref){ g, i, j,
							c ? c->at : 0 };
			if (!e->n_contexts)
				break;
		}
	}

	/* Rank the groups (sections) by date. */
	struct export_md_group **order =
		xmalloc((n_groups ? n_groups : 1) * sizeof *order);
	for (size_t g = 0; g < n_groups; g++)
		order[g] = &groups[g];
	if (n_groups)
		qsort(order, n_groups, sizeof *order, export_md_cmp_group);
	for (size_t g = 0; g < n_groups; g++)
		order[g]->rank = g;

	/* An entry's contexts in one group make one list item. */
	if (n_refs)
		qsort(refs, n_refs, sizeof *refs, export_md_cmp_ref);
	struct export_md_item *items =
		xmalloc((n_refs ? n_refs : 1) * sizeof *items);
	size_t n_items = 0;
	for (size_t r = 0; r < n_refs; r++) {
		if (n_items && items[n_items - 1].group == refs[r].group &&
		    items[n_items - 1].entry == refs[r].entry) {
			items[n_items - 1].count++;
			continue;
		}
		items[n_items++] = (struct export_md_item){
			refs[r].group,
			refs[r].entry,
			r,
			1,
			refs[r].at,
			groups[refs[r].group].rank,
		};
	}
	if (n_items)
		qsort(items, n_items, sizeof *items, export_md_cmp_item);

	struct buf b = { 0 };
	export_buf_puts(&b, "# BuildSpeak vocabulary\n");
	export_sink_write(k, b.s, b.len);
	size_t group = (size_t)-1;
	for (size_t t = 0; t < n_items && !k->err; t++) {
		const struct export_md_item *it = &items[t];
		export_buf_reset(&b);
		if (it->group != group) {
			group = it->group;
			export_md_heading(&b, groups[group].meta);
		}
		export_md_item(&b, &v[it->entry], &refs[it->first], it->count);
		export_sink_write(k, b.s, b.len);
	}
	free(b.s);
	free(items);
	free(order);
	free(refs);
	free(groups);
}

