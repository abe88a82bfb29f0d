/* eplist: the reader's episode list -- the library's episodes as the list
 * pane shows them, grouped under "today" and "archive", with the selected
 * row and the scroll. Plain state, no drawing, no library access: the app
 * reads the list from the store and hands it over (eplist_set). */
#ifndef BUILDSPEAK_EPLIST_H
#define BUILDSPEAK_EPLIST_H

#include <stddef.h>

#include "buildspeak/store.h"

struct eplist;

/* An empty list; today is the local date "YYYY-MM-DD" that the "today"
 * group holds. */
struct eplist *eplist_new(const char *today);
/* Frees l and its episodes. NULL is a no-op. */
void eplist_free(struct eplist *l);

/* Replaces the episodes with v[0..n) (takes ownership; newest first;
 * entries may be partial, see store_episode_list_ids: whoever shows one
 * reads the rest first).
 * The selection goes to episode keep_id when listed, else stays on the
 * episode it was on, else the first. */
void eplist_set(struct eplist *l, struct episode_summary *v, size_t n,
		long long keep_id);

size_t eplist_count(const struct eplist *l);
/* Episode i (< count). */
struct episode_summary *eplist_get(const struct eplist *l, size_t i);
/* The entry of library episode id, or NULL when it is not listed. */
struct episode_summary *eplist_find(const struct eplist *l, long long id);
/* The local date "YYYY-MM-DD" the list was made on. */
const char *eplist_today(const struct eplist *l);
/* Episodes [0, n_today) are dated today. */
size_t eplist_n_today(const struct eplist *l);

/* The selected episode's index (0 when the list is empty). */
size_t eplist_sel(const struct eplist *l);
/* Selects episode i (clamped). */
void eplist_select(struct eplist *l, size_t i);
/* First visible row of the list's body. */
size_t eplist_top(const struct eplist *l);
/* Moves the selection by delta episodes and scrolls so that it shows in
 * rows rows, with its group's header above the group's first episode. */
void eplist_move(struct eplist *l, long delta, size_t rows);

/* Row (from the body's top) where episode i's two rows start, under the
 * "today" and "archive" group headers. */
size_t eplist_row(const struct eplist *l, size_t i);
/* The episode shown on row (one of its two rows), or the first after it
 * when row is a group header; eplist_count when there is none. */
size_t eplist_at_row(const struct eplist *l, size_t row);

#endif
