/* lineedit: the one-line editor of the reader's prompts. */
#include "buildspeak/lineedit.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <unistr.h>

#include "buildspeak/alloc.h"
#include "buildspeak/keys.h"

#define CTRL(c) ((c) - 'a' + 1)

void lineedit_init(struct lineedit *e, const char *text)
{
	memset(e, 0, sizeof *e);
	e->cap = 16;
	e->buf = xmalloc(e->cap);
	e->buf[0] = '\0';
	lineedit_set(e, text);
}

void lineedit_free(struct lineedit *e)
{
	free(e->buf);
	memset(e, 0, sizeof *e);
}

/* Whether a code point may go into the text: printable, and shown as it
 * is by text_sanitize, so the widths measured here are the ones drawn. */
static bool lineedit_insertable(uint32_t uc)
{
	if (uc < 0x20 || uc == 0x7f || (uc >= 0x80 && uc < 0xa0))
		return false;
	if (text_is_bidi_control(uc))
		return false;
	if (uc >= 0xD800 && uc <= 0xDFFF)
		return false;
	return uc <= 0x10FFFF && uc != 0xFEFF;
}

/* Bytes looked at on each side of an insertion to find the cluster
 * boundary after it: far more than any real cluster (a flag, an emoji
 * ZWJ sequence, a base with its marks) spans. */
#define LINEEDIT_NEAR 64

/* Inserts the bytes s[0..n) at the cursor and moves past them, then onto
 * the next cluster boundary: a mark or a regional indicator typed before
 * a cluster can join it, and the cursor must not sit inside one. Only a
 * window around the insertion is segmented, so typing and pasting cost
 * O(n + LINEEDIT_NEAR), not the length of the whole text. */
static void lineedit_insert_bytes(struct lineedit *e, const char *s, size_t n)
{
	e->buf = xgrowarray(e->buf, &e->cap, e->len + n + 1, 1);
	memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur + 1);
	memcpy(e->buf + e->cur, s, n);
	size_t at = e->cur; /* a boundary before the insertion */
	e->len += n;
	e->cur += n;
	if (e->cur == e->len)
		return;
	/* The window starts a little before the insertion, on a code
	 * point's first byte, and ends a little after it (or at the end). */
	size_t from = at > LINEEDIT_NEAR ? at - LINEEDIT_NEAR : 0;
	while (from > 0 && ((unsigned char)e->buf[from] & 0xC0) == 0x80)
		from--;
	size_t to = e->len - e->cur > LINEEDIT_NEAR ? e->cur + LINEEDIT_NEAR
						    : e->len;
	while (to < e->len && ((unsigned char)e->buf[to] & 0xC0) == 0x80)
		to++;
	const char *w = e->buf + from;
	size_t wlen = to - from, off = e->cur - from;
	if (text_grapheme_prev(w, wlen, off + 1) == off)
		return; /* the cursor is on a boundary */
	size_t next = text_grapheme_next(w, wlen, off);
	e->cur = next < wlen ? from + next
			     : text_grapheme_next(e->buf, e->len, e->cur);
}

static void lineedit_delete_range(struct lineedit *e, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	if (e->cur > to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
	if (e->first > from)
		e->first = from;
}

enum lineedit_result lineedit_insert(struct lineedit *e, const char *s)
{
	/* The insertable code points first, then one insertion: a paste
	 * costs one memmove and one boundary check, however long it is. */
	size_t n = strlen(s), k = 0;
	char *keep = xmalloc(n + 1);
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		int m = text_next(s + i, n - i, &uc);
		/* text_next gives U+FFFD for bad bytes: skip them, as it
		 * cannot tell a real U+FFFD from one it made. */
		bool bad = uc == 0xFFFD && !(m == 3 && !memcmp(s + i, "\xEF\xBF\xBD", 3));
		if (!bad && lineedit_insertable(uc)) {
			memcpy(keep + k, s + i, (size_t)m);
			k += (size_t)m;
		}
		i += (size_t)m;
	}
	if (k)
		lineedit_insert_bytes(e, keep, k);
	free(keep);
	return k ? LINEEDIT_CHANGED : LINEEDIT_MOVED;
}

void lineedit_set(struct lineedit *e, const char *text)
{
	e->len = e->cur = e->first = 0;
	e->buf[0] = '\0';
	if (text)
		lineedit_insert(e, text);
	e->cur = e->len;
}

static bool lineedit_is_space_at(const struct lineedit *e, size_t i)
{
	uint32_t uc;
	text_next(e->buf + i, e->len - i, &uc);
	return uc == ' ' || uc == 0x3000; /* ASCII and ideographic space */
}

/* readline's unix-word-rubout: back over spaces, then over non-spaces. */
static size_t lineedit_word_start_before(const struct lineedit *e)
{
	size_t i = e->cur;
	while (i > 0) {
		size_t p = text_grapheme_prev(e->buf, e->len, i);
		if (!lineedit_is_space_at(e, p))
			break;
		i = p;
	}
	while (i > 0) {
		size_t p = text_grapheme_prev(e->buf, e->len, i);
		if (lineedit_is_space_at(e, p))
			break;
		i = p;
	}
	return i;
}

enum lineedit_result lineedit_key(struct lineedit *e, int key)
{
	size_t before = e->len;
	switch (key) {
	case KEYS_LEFT:
	case CTRL('b'):
		e->cur = text_grapheme_prev(e->buf, e->len, e->cur);
		return LINEEDIT_MOVED;
	case KEYS_RIGHT:
	case CTRL('f'):
		e->cur = text_grapheme_next(e->buf, e->len, e->cur);
		return LINEEDIT_MOVED;
	case KEYS_HOME:
	case CTRL('a'):
		e->cur = 0;
		return LINEEDIT_MOVED;
	case KEYS_END:
	case CTRL('e'):
		e->cur = e->len;
		return LINEEDIT_MOVED;
	case KEYS_BACKSPACE:
		lineedit_delete_range(
			e, text_grapheme_prev(e->buf, e->len, e->cur), e->cur);
		break;
	case KEYS_DELETE:
	case CTRL('d'):
		lineedit_delete_range(
			e, e->cur, text_grapheme_next(e->buf, e->len, e->cur));
		break;
	case CTRL('u'):
		lineedit_delete_range(e, 0, e->cur);
		break;
	case CTRL('k'):
		lineedit_delete_range(e, e->cur, e->len);
		break;
	case CTRL('w'):
		lineedit_delete_range(e, lineedit_word_start_before(e), e->cur);
		break;
	default:
		if (key < 0 || key >= KEYS_SPECIAL ||
		    !lineedit_insertable((uint32_t)key))
			return LINEEDIT_IGNORED;
		uint8_t u[6];
		int n = u8_uctomb(u, (ucs4_t)key, (int)sizeof u);
		lineedit_insert_bytes(e, (const char *)u, (size_t)n);
		return LINEEDIT_CHANGED;
	}
	return e->len != before ? LINEEDIT_CHANGED : LINEEDIT_MOVED;
}

/* Columns of buf[from..to). */
static int lineedit_cols_between(const struct lineedit *e, size_t from,
				 size_t to, const struct text_metrics *m)
{
	return text_width(e->buf + from, to - from, m);
}

/* The cluster boundaries before and after i, from gs (u8_grapheme_breaks
 * of the whole text: one pass per view, not one per step). */
static size_t lineedit_gs_prev(const char *gs, size_t i)
{
	if (i == 0)
		return 0;
	while (--i > 0 && !gs[i])
		;
	return i;
}

static size_t lineedit_gs_next(const char *gs, size_t len, size_t i)
{
	if (i >= len)
		return len;
	while (++i < len && !gs[i])
		;
	return i;
}

void lineedit_view(struct lineedit *e, int cols, const struct text_metrics *m,
		   size_t *off, size_t *len, int *cursor_col)
{
	if (cols < 2)
		cols = 2;
	char *gs = xmalloc(e->len + 1);
	u8_grapheme_breaks((const uint8_t *)e->buf, e->len, gs);
	/* The cursor's cell: the cluster under it, or one blank past the
	 * end. */
	int under = e->cur < e->len
			    ? lineedit_cols_between(
				      e, e->cur,
				      lineedit_gs_next(gs, e->len, e->cur), m)
			    : 1;
	if (under < 1)
		under = 1;
	/* Context kept left of the cursor when scrolling back. */
	int keep = cols / 4;

	if (e->first > e->cur || e->first > e->len)
		e->first = e->cur;
	if (e->first == e->cur) {
		/* Show some text before the cursor when there is any. */
		size_t f = e->cur;
		int w = 0;
		while (f > 0) {
			size_t p = lineedit_gs_prev(gs, f);
			w += lineedit_cols_between(e, p, f, m);
			if (w > keep)
				break;
			f = p;
		}
		e->first = f;
	}
	/* Scroll right until the cursor's cell fits. */
	int w = lineedit_cols_between(e, e->first, e->cur, m);
	while (e->first < e->cur && w + under > cols) {
		size_t nx = lineedit_gs_next(gs, e->len, e->first);
		w -= lineedit_cols_between(e, e->first, nx, m);
		e->first = nx;
	}
	/* Scrolled further than needed (text deleted, box widened): bring
	 * text back in from the left while everything still fits. */
	int need = lineedit_cols_between(e, e->first, e->len, m) +
		   (e->cur == e->len);
	while (e->first > 0 && need <= cols) {
		size_t p = lineedit_gs_prev(gs, e->first);
		need += lineedit_cols_between(e, p, e->first, m);
		if (need > cols)
			break;
		e->first = p;
	}
	free(gs);
	int used = 0;
	size_t fit = text_fit(e->buf + e->first, e->len - e->first, cols, m,
			      &used);
	*off = e->first;
	*len = fit;
	*cursor_col = lineedit_cols_between(e, e->first, e->cur, m);
}
