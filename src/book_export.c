/* book_export: the book's `x` -- the format and file prompts, and the
 * entries shown written as text (library_export_file) or as an Anki
 * package (apkg_export) with its progress and Esc. */
#include <stdlib.h>
#include <string.h>

#include "book_int.h"
#include "buildspeak/alloc.h"
#include "buildspeak/apkg.h"
#include "buildspeak/app.h"
#include "buildspeak/export.h"
#include "buildspeak/library.h"
#include "buildspeak/mode.h"
#include "buildspeak/prompt.h"
#include "buildspeak/store.h"
#include "buildspeak/vocab.h"

/* path with a leading "~/" made $HOME's. New string. */
static char *book_expand_home(const char *path)
{
	const char *home = getenv("HOME");
	if (path[0] == '~' && (path[1] == '/' || !path[1]) && home && *home)
		return xasprintf("%s%s", home, path + 1);
	return xstrdup(path);
}

/* apkg_export's progress: said on the status line and drawn now; Esc
 * (read by the loop's busy hook) cancels. */
static int book_apkg_progress(void *ctx, size_t done, size_t total)
{
	struct app *a = ctx;
	if (total)
		app_message(a, false, "cutting audio %zu/%zu · Esc cancels",
			    done, total);
	return app_busy(a);
}

static void book_export_apkg(struct mode_entry *me, const char *path,
			     const struct vocab_entry *v, size_t n)
{
	struct book_view *bv = me->data;
	struct app *a = me->app;
	struct apkg_options opt;
	apkg_options_init(&opt);
	opt.progress = book_apkg_progress;
	opt.ctx = a;
	struct apkg_report rep;
	char err[512];
	app_message(a, false, "exporting %zu entries to %s · Esc cancels",
		    n, path);
	app_busy(a);
	int rc = apkg_export(path, app_store(a), v, n, &opt, &rep, err,
			     sizeof err);
	if (rc == 1) {
		app_message(a, false, "export cancelled: nothing written");
	} else if (rc != 0) {
		app_message(a, false, "export failed: %s", err);
	} else {
		char *what = apkg_report_text(&rep);
		app_message(a, false, "exported %zu %s%s to %s (apkg): %s",
			    n, n == 1 ? "entry" : "entries",
			    bv->filter[0] ? " (filtered)" : "", path, what);
		free(what);
	}
}

static void book_path_done(struct mode_entry *me, void *data,
			   const char *text)
{
	(void)data;
	struct book_view *bv = me->data;
	struct app *a = me->app;
	if (!text)
		return;
	char *t = library_clean_text(text);
	if (!t || !*t) {
		app_message(a, false, "export cancelled: no file name");
		free(t);
		return;
	}
	char *path = book_expand_home(t);
	free(t);
	/* Markdown in vocab.csv is a file no program reads right: a format
	 * the name contradicts is refused, as the CLI does. */
	int by_ext = library_export_format_of(path);
	int want = bv->apkg ? LIBRARY_FORMAT_APKG : (int)bv->fmt;
	if (by_ext >= 0 && by_ext != want) {
		const char *slash = strrchr(path, '/');
		app_message(a, false, "format %s does not match %s (its "
			    "extension means %s): nothing written",
			    bv->apkg ? "apkg" : export_format_name(bv->fmt),
			    slash ? slash + 1 : path, by_ext == LIBRARY_FORMAT_APKG
				  ? "apkg"
				  : export_format_name(
					    (enum export_format)by_ext));
		free(path);
		return;
	}
	struct vocab_entry *v;
	size_t n;
	if (book_shown_entries(me, &v, &n) != 0) {
		app_message(a, false, "export failed: %s",
			    store_error(app_store(a)));
		free(path);
		return;
	}
	if (bv->apkg) {
		book_export_apkg(me, path, v, n);
		vocab_entries_free(v, n);
		free(path);
		return;
	}
	char err[512];
	if (library_export_file(app_store(a), path, bv->fmt, v, n, NULL, err,
				sizeof err) != 0)
		app_message(a, false, "export failed: %s", err);
	else
		app_message(a, false, "exported %zu %s%s to %s (%s)", n,
			    n == 1 ? "entry" : "entries",
			    bv->filter[0] ? " (filtered)" : "", path,
			    export_format_name(bv->fmt));
	vocab_entries_free(v, n);
	free(path);
}

static void book_format_done(struct mode_entry *me, void *data,
			     const char *text)
{
	(void)data;
	struct book_view *bv = me->data;
	struct app *a = me->app;
	if (!text)
		return;
	char *t = library_clean_text(text);
	enum export_format fmt;
	bool apkg = t && !strcmp(t, "apkg");
	if (!apkg && export_format_parse(t, &fmt) != 0) {
		app_message(a, false, "unknown format \u201c%s\u201d: one of "
			    EXPORT_FORMAT_NAMES ", apkg", t ? t : "");
		prompt_open(me, "Format (" EXPORT_FORMAT_NAMES ", apkg)", t,
			    NULL, book_format_done, NULL, NULL);
		free(t);
		return;
	}
	free(t);
	bv->apkg = apkg;
	if (!apkg)
		bv->fmt = fmt;
	char *def = xasprintf("~/buildspeak-vocab.%s",
			      apkg ? "apkg" : export_format_extension(fmt));
	prompt_open(me, "Export to", def, NULL, book_path_done, NULL, NULL);
	free(def);
}

/* book-export: the format asked first, then the file. */
void book_cmd_export(struct app *a, struct mode_entry *me)
{
	struct book_view *bv = me->data;
	book_refresh(me);
	if (!bv->n) {
		app_message(a, false, "nothing to export");
		return;
	}
	prompt_open(me, "Format (" EXPORT_FORMAT_NAMES ", apkg)",
		    bv->apkg ? "apkg" : export_format_name(bv->fmt), NULL,
		    book_format_done, NULL, NULL);
}

