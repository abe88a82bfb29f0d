/* search: the reader's search -- `/` asks for a query (a prompt, prompt.h)
 * and shows the matching sentences as a mode: each hit with its episode,
 * time and snippet, the matched words marked; Enter opens the episode at
 * that sentence (playing on from it when the audio was playing). By
 * default it searches the open episode; a key in the prompt (Tab) switches
 * to the whole library. From the glossary pane, `/` searches every
 * episode's glossary instead (term, gloss, episode).
 *
 * The sentence hits in the open episode stay marked in the transcript
 * (hits.h, the app's model) after the window closes: n / N step to the
 * next / previous one, the status line says "hit 3/17", Escape in the
 * transcript ends the search. The queries are the store's (store.h:
 * store_search, store_search_glossary): text as typed, never FTS syntax. */
#ifndef BUILDSPEAK_SEARCH_H
#define BUILDSPEAK_SEARCH_H

#include "buildspeak/mode.h"

/* Its commands: search (open, or ask again over the results),
 * search-scope (in the prompt: this episode / the library), search-next,
 * search-prev, search-clear (the transcript's Escape). */
extern const struct mode search_mode;

#endif
