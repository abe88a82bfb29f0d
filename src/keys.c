/* keys: key names and per-context key maps. */
#include "buildspeak/keys.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistr.h>

#include "buildspeak/alloc.h"
#include "buildspeak/mode.h"
#include "buildspeak/text.h"

static const char *const keys_core_names[KEYS_N_CORE] = {
	[KEYS_COMMON] = "common",
	[KEYS_LIST] = "list",
	[KEYS_TRANSCRIPT] = "transcript",
	[KEYS_GLOSSARY] = "glossary",
};

int keys_context_count(void)
{
	int n = KEYS_N_CORE + (int)modes_count;
	assert(n <= KEYS_MAX_CONTEXTS);
	return n;
}

const char *keys_context_name(int ctx)
{
	if (ctx < 0 || ctx >= keys_context_count())
		return "?";
	return ctx < KEYS_N_CORE ? keys_core_names[ctx]
				 : modes_registry[ctx - KEYS_N_CORE]->name;
}

int keys_context_find(const char *name)
{
	for (int i = 0; i < keys_context_count(); i++)
		if (strcmp(keys_context_name(i), name) == 0)
			return i;
	return -1;
}

/* Named keys; the first name of a code is the one keys_name prints. */
static const struct {
	const char *name;
	int key;
} keys_named[] = {
	{"Space", ' '},         {"Enter", KEYS_ENTER},
	{"Tab", KEYS_TAB},      {"BackTab", KEYS_BTAB},
	{"Escape", KEYS_ESC},   {"Esc", KEYS_ESC},
	{"Backspace", KEYS_BACKSPACE},
	{"Delete", KEYS_DELETE}, {"Insert", KEYS_INSERT},
	{"Up", KEYS_UP},        {"Down", KEYS_DOWN},
	{"Left", KEYS_LEFT},    {"Right", KEYS_RIGHT},
	{"S-Left", KEYS_SLEFT}, {"S-Right", KEYS_SRIGHT},
	{"PageUp", KEYS_PGUP},  {"PageDown", KEYS_PGDN},
	{"Home", KEYS_HOME},    {"End", KEYS_END},
};

int keys_parse(const char *name)
{
	size_t len = strlen(name);
	if (len == 0)
		return -1;
	for (size_t i = 0; i < sizeof keys_named / sizeof keys_named[0]; i++)
		if (strcasecmp(keys_named[i].name, name) == 0)
			return keys_named[i].key;
	if ((name[0] == 'F' || name[0] == 'f') && len >= 2 && len <= 3) {
		char *end;
		long n = strtol(name + 1, &end, 10);
		if (*end == '\0' && n >= 1 && n <= 12)
			return KEYS_F1 + (int)n - 1;
	}
	if (len == 3 && (name[0] == 'C' || name[0] == 'c') && name[1] == '-') {
		char c = name[2];
		if (c >= 'a' && c <= 'z')
			return c - 'a' + 1;
		if (c >= 'A' && c <= 'Z')
			return c - 'A' + 1;
		return -1;
	}
	/* A single character, in UTF-8. */
	size_t bad;
	if (!text_valid(name, len, &bad))
		return -1;
	uint32_t uc;
	int n = text_next(name, len, &uc);
	if ((size_t)n != len || uc < 0x20 || uc == 0x7f)
		return -1;
	return (int)uc;
}

char *keys_name(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof keys_named / sizeof keys_named[0]; i++) {
		if (keys_named[i].key == key) {
			snprintf(buf, size, "%s", keys_named[i].name);
			return buf;
		}
	}
	if (key >= KEYS_F1 && key <= KEYS_F12)
		snprintf(buf, size, "F%d", key - KEYS_F1 + 1);
	else if (key >= 1 && key <= 26)
		snprintf(buf, size, "C-%c", 'a' + key - 1);
	else if (key > 0x20 && key < KEYS_SPECIAL && key != 0x7f) {
		uint8_t s[8];
		int n = u8_uctomb(s, (ucs4_t)key, (int)sizeof s - 1);
		s[n > 0 ? n : 0] = '\0';
		snprintf(buf, size, "%s", (const char *)s);
	} else
		snprintf(buf, size, "<%d>", key);
	return buf;
}

char *keys_label(int key, char *buf, size_t size)
{
	const char *arrow = key == KEYS_LEFT     ? "←"
			    : key == KEYS_RIGHT  ? "→"
			    : key == KEYS_UP     ? "↑"
			    : key == KEYS_DOWN   ? "↓"
			    : key == KEYS_SLEFT  ? "S-←"
			    : key == KEYS_SRIGHT ? "S-→"
						 : NULL;
	if (arrow) {
		snprintf(buf, size, "%s", arrow);
		return buf;
	}
	return keys_name(key, buf, size);
}

void keys_clear(struct keymap *km)
{
	for (int i = 0; i < KEYS_MAX_CONTEXTS; i++)
		free(km->map[i]);
	memset(km, 0, sizeof *km);
}

void keys_bind(struct keymap *km, int ctx, int key, int command)
{
	assert(ctx >= 0 && ctx < KEYS_MAX_CONTEXTS);
	for (size_t i = 0; i < km->n[ctx]; i++) {
		if (km->map[ctx][i].key == key) {
			km->map[ctx][i].command = command;
			return;
		}
	}
	km->map[ctx] = xgrowarray(km->map[ctx], &km->cap[ctx], km->n[ctx] + 1,
		sizeof km->map[ctx][0]);
	km->map[ctx][km->n[ctx]++] = (struct keys_binding){key, command};
}

int keys_unbind(struct keymap *km, int ctx, int key)
{
	for (size_t i = 0; i < km->n[ctx]; i++) {
		if (km->map[ctx][i].key == key) {
			memmove(&km->map[ctx][i], &km->map[ctx][i + 1],
				(km->n[ctx] - i - 1) * sizeof km->map[ctx][0]);
			km->n[ctx]--;
			return 0;
		}
	}
	return -1;
}

int keys_lookup_local(const struct keymap *km, int ctx, int key)
{
	for (size_t i = 0; i < km->n[ctx]; i++)
		if (km->map[ctx][i].key == key)
			return km->map[ctx][i].command;
	return -1;
}

int keys_lookup(const struct keymap *km, int ctx, int key)
{
	int c = keys_lookup_local(km, ctx, key);
	if (c < 0 && ctx != KEYS_COMMON)
		c = keys_lookup_local(km, KEYS_COMMON, key);
	return c;
}

int keys_key_for(const struct keymap *km, int ctx, int command)
{
	for (size_t i = 0; i < km->n[ctx]; i++)
		if (km->map[ctx][i].command == command)
			return km->map[ctx][i].key;
	if (ctx == KEYS_COMMON)
		return -1;
	/* A common key counts unless the context's own map shadows it. */
	for (size_t i = 0; i < km->n[KEYS_COMMON]; i++) {
		const struct keys_binding *b = &km->map[KEYS_COMMON][i];
		if (b->command == command &&
		    keys_lookup_local(km, ctx, b->key) < 0)
			return b->key;
	}
	return -1;
}
