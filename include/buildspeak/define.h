/* define: the look-up mode -- what the selected word or phrase means: the
 * glosses the library's episodes gave it, then the dictionaries' senses
 * (lookup.h), in a window over the reader. `d` in word selection and `l`
 * in the vocabulary book open it on the selection / the entry's term;
 * Up / Down scroll it, Escape or q close it.
 *
 * The dictionaries (dict.h) are opened once per reader, at the first
 * look-up, with the config's `dict FILE` databases. */
#ifndef BUILDSPEAK_DEFINE_H
#define BUILDSPEAK_DEFINE_H

#include "buildspeak/mode.h"

struct app;

/* Its command: define (open on the selection, from word selection or the
 * book). */
extern const struct mode define_mode;

/* What the library's glossary across episodes says term means: its most
 * used gloss (of term or its lemma), or NULL when no episode glossed it.
 * New string owned by the caller. For pre-filling a gloss. */
char *define_library_gloss(struct app *a, const char *term);

/* One line about term for beside a gloss prompt: its library gloss
 * ("library: 世界模型 · Ep 87"), else its first dictionary sense ("model
 * (n.) a hypothetical ..."), else NULL. Borrowed: valid until the next
 * call (kept for the last term, so redrawing costs nothing). */
const char *define_hint(struct app *a, const char *term);

#endif
