/* keys: the reader's key codes and names, and the key maps that bind keys to
 * named commands, one map per context (list, transcript, glossary, each
 * mode) falling back to the common map.
 *
 * No curses here: the ui translates the terminal's keys into these codes,
 * so the app and the config parser can be tested without a terminal.
 * A key code is a Unicode code point for a character key (Ctrl-A is 1, as
 * the terminal sends it), or one of the KEYS_* constants above the Unicode
 * range for the rest. */
#ifndef BUILDSPEAK_KEYS_H
#define BUILDSPEAK_KEYS_H

#include <stddef.h>

enum {
	KEYS_SPECIAL = 0x110000, /* first code above Unicode */
	KEYS_UP = KEYS_SPECIAL,
	KEYS_DOWN,
	KEYS_LEFT,
	KEYS_RIGHT,
	KEYS_SLEFT,   /* Shift+Left */
	KEYS_SRIGHT,  /* Shift+Right */
	KEYS_PGUP,
	KEYS_PGDN,
	KEYS_HOME,
	KEYS_END,
	KEYS_INSERT,
	KEYS_DELETE,
	KEYS_BACKSPACE,
	KEYS_BTAB,    /* Shift+Tab */
	KEYS_F1,      /* KEYS_F1 + n - 1 is Fn, n <= 12 */
	KEYS_F12 = KEYS_F1 + 11,
	KEYS_END_OF_SPECIAL,
	/* Keys that are also characters, named here for readability. */
	KEYS_TAB = '\t',
	KEYS_ENTER = '\r',
	KEYS_ESC = 27,
};

/* The contexts a key map belongs to: the core's four, then one per mode
 * of the registry (mode.h), KEYS_N_CORE + its index, named as the mode.
 * A key is looked up in the context's map, then in KEYS_COMMON. */
enum keys_context {
	KEYS_COMMON,
	KEYS_LIST,
	KEYS_TRANSCRIPT,
	KEYS_GLOSSARY,
	KEYS_N_CORE
};
/* Room for the core's contexts and the registry's modes. */
#define KEYS_MAX_CONTEXTS 24

/* Contexts in use: KEYS_N_CORE + the registered modes. */
int keys_context_count(void);
/* Name of a context as written in the config ("common", "list", "book"). */
const char *keys_context_name(int ctx);
/* The context with that name, or -1. */
int keys_context_find(const char *name);

/* Parses a key name as written in the config: a single character ("q",
 * "?", "中"), "Space", "Enter", "Tab", "BackTab", "Escape"/"Esc",
 * "Backspace", "Delete", "Insert", "Up", "Down", "Left", "Right", "S-Left",
 * "S-Right", "PageUp", "PageDown", "Home", "End", "F1".."F12", "C-a".."C-z".
 * Returns the key code, or -1 for an unknown name. */
int keys_parse(const char *name);

/* The name of a key for the help screen and the status line ("Right",
 * "C-l", "q"), written into buf (size bytes, at least 16). Returns buf. */
char *keys_name(int key, char *buf, size_t size);
/* Like keys_name, but the arrows (and Shift+arrows) as arrows ("←", "S-→")
 * for the hints on the status line and in the overlays. Returns buf. */
char *keys_label(int key, char *buf, size_t size);

/* One binding: a key to a command (a command id, command.h). */
struct keys_binding {
	int key;
	int command;
};

/* The key maps of every context. */
struct keymap {
	struct keys_binding *map[KEYS_MAX_CONTEXTS]; /* owned arrays */
	size_t n[KEYS_MAX_CONTEXTS];                 /* bindings in each */
	size_t cap[KEYS_MAX_CONTEXTS];               /* allocated slots */
};

/* Frees what km owns and leaves it empty (a zeroed keymap is empty). */
void keys_clear(struct keymap *km);
/* Binds key in ctx to command, replacing an earlier binding of that key. */
void keys_bind(struct keymap *km, int ctx, int key, int command);
/* Removes key's binding in ctx. Returns 0, or -1 when it had none. */
int keys_unbind(struct keymap *km, int ctx, int key);
/* The command bound to key in ctx, else in the common map; -1 if none. */
int keys_lookup(const struct keymap *km, int ctx, int key);
/* The command bound to key in ctx's own map only; -1 if none. */
int keys_lookup_local(const struct keymap *km, int ctx,
		      int key);
/* The first key (in binding order) bound to command in ctx, or in the
 * common map when ctx has none; -1 if none. For hints on the status line. */
int keys_key_for(const struct keymap *km, int ctx, int command);

#endif
