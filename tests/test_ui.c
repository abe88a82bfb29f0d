/* test_ui: the screen's idea of a width is the layout's. ncurses places
 * characters by wcwidth(); ui.c defines it on top of text_char_width(), so
 * here ncurses itself (on a screen written to /dev/null) must advance its
 * cursor by exactly the columns text_width() counts -- for ambiguous
 * characters in both settings, CJK, emoji and combining marks. */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "buildspeak/text.h"
#include "buildspeak/ui.h"

#include "check.h"

static const char *const samples[] = {
	"plain ASCII",
	"“quoted” — dash… dot · end",
	"中文，标点。混排 mixed",
	"emoji 🎙 and 👍🏽 skin",
	"e\xcc\x81 combining",
	"ｆｕｌｌｗｉｄｔｈ",
	"Ⅻ ① ± × ÷ °",
};

/* Columns ncurses advances when it adds s at column 0 of row 0. */
static int curses_width(const char *s)
{
	wchar_t w[128];
	mbstate_t st = {0};
	const char *p = s;
	size_t n = mbsrtowcs(w, &p, 127, &st);
	if (n == (size_t)-1)
		return -1;
	w[n] = 0;
	werase(stdscr);
	mvwaddwstr(stdscr, 0, 0, w);
	return getcurx(stdscr);
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "no C.UTF-8 locale\n");
		return 77;
	}
	FILE *out = fopen("/dev/null", "w");
	FILE *in = fopen("/dev/null", "r");
	SCREEN *scr = newterm("xterm-256color", out, in);
	CHECK(scr != NULL);
	if (!scr)
		return check_result();
	set_term(scr);
	resizeterm(5, 200);
	for (int wide = 0; wide < 2; wide++) {
		struct text_metrics m = {wide != 0};
		ui_set_ambiguous_wide(wide != 0);
		CHECK_INT(wcwidth(0x201C), wide ? 2 : 1); /* “ */
		CHECK_INT(wcwidth(0x4E2D), 2);            /* 中 */
		CHECK_INT(wcwidth(0x1B), -1);             /* ESC */
		for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
			int want = text_width(samples[i], strlen(samples[i]), &m);
			int got = curses_width(samples[i]);
			if (got != want)
				fprintf(stderr, "\"%s\" (ambiguous %s): ncurses %d, "
					"text_width %d\n", samples[i],
					wide ? "wide" : "narrow", got, want);
			CHECK_INT(got, want);
		}
	}
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	return check_result();
}
