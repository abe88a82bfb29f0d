/* ui: ncursesw. Draws the view's canvases into one window per pane. */
#include "buildspeak/ui.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "buildspeak/alloc.h"
#include "buildspeak/text.h"
#include "buildspeak/view.h"

/* A canvas over a curses window. */
struct ui_win {
	WINDOW *win;
	struct ui *u;
	struct canvas canvas;
};

enum { UI_STDSCR = LAYOUT_N_PANES, UI_STATUS, UI_OVERLAY, UI_N_WINS };

struct ui {
	SCREEN *screen;            /* ours, from newterm */
	bool color;                /* colour pairs are set up */
	int cols, rows;            /* terminal size in cells */
	struct ui_win w[UI_N_WINS]; /* panes, stdscr, status, overlay */
	struct layout built;       /* the layout the windows were made for */
	bool have_windows;         /* w[] match built */
	size_t drawn_current;      /* the current sentence when the transcript
				      pane was last drawn */
	bool sgr_mouse;            /* we asked for SGR (1006) reports and
				      parse them ourselves */
};

/* The private modes for clicks and the wheel only (1000: press and
 * release, no motion) reported in SGR form (1006: decimal cells, so
 * columns past 223 survive; press 'M', release 'm'). */
#define UI_SGR_MOUSE_ON "\033[?1000h\033[?1006h"
#define UI_SGR_MOUSE_OFF "\033[?1006l\033[?1000l"
/* The key code ncurses returns for an SGR report's "ESC [ <" prefix
 * (define_key); the report's parameters follow as plain characters. */
#define UI_KEY_SGR_MOUSE (KEY_MAX + 1)
/* ... and for "ESC [ M", the X10 form a terminal that does not know 1006
 * still sends for 1000: three bytes, each value + 32. */
#define UI_KEY_X10_MOUSE (KEY_MAX + 2)

static void ui_mouse_on(struct ui *u);
static bool ui_mouse_event(struct ui_input *in, long b, long y, long x);

/* Writes a private-mode sequence to the terminal at once. Not putp():
 * ncurses 6.4 dropped it here (not written by the next doupdate); the
 * modes are independent of what ncurses has buffered, so order does not
 * matter. */
static void ui_put_now(const char *seq)
{
	fputs(seq, stdout);
	fflush(stdout);
}

/* The colour of each role: foreground only, on the terminal's own
 * background (use_default_colors), so the user's palette decides. */
static const short ui_role_fg[VIEW_N_COLORS] = {
	[VIEW_C_NONE] = -1,
	[VIEW_C_TITLE] = -1,
	[VIEW_C_FOCUS] = COLOR_CYAN,
	[VIEW_C_CURRENT] = COLOR_YELLOW,
	[VIEW_C_TERM] = COLOR_GREEN,
	[VIEW_C_ZH] = COLOR_CYAN,
	[VIEW_C_DIM] = -1,
	[VIEW_C_STATUS] = COLOR_BLUE,
	[VIEW_C_MESSAGE] = COLOR_YELLOW,
	[VIEW_C_GROUP] = COLOR_MAGENTA,
};

/* The width policy wcwidth() below answers by. A file-scope variable
 * because wcwidth() has no context argument; set by ui_new() and
 * ui_set_ambiguous_wide() only. */
static struct text_metrics ui_metrics;

/* ncurses asks the C library's wcwidth() where each character ends. This
 * definition in the executable takes the C library's place (the dynamic
 * linker looks in the executable first), so ncurses counts exactly the
 * columns the layout counted with text_char_width(): lines cannot drift
 * where glibc and libunistring disagree, and ambiguous characters are as
 * wide as the user's setting says. */
int wcwidth(wchar_t wc)
{
	if (wc == 0)
		return 0;
	if (wc < 0x20 || (wc >= 0x7f && wc < 0xa0))
		return -1; /* as the C library: not printable */
	return text_char_width((uint32_t)wc, &ui_metrics);
}

void ui_set_ambiguous_wide(bool wide)
{
	ui_metrics.ambiguous_wide = wide;
}

static attr_t ui_curses_attr(unsigned attr)
{
	unsigned b = VIEW_BITS(attr);
	attr_t a = A_NORMAL;
	if (b & OVERLAY_BOLD)
		a |= A_BOLD;
	if (b & OVERLAY_DIM)
		a |= A_DIM;
	if (b & OVERLAY_UNDERLINE)
		a |= A_UNDERLINE;
	if (b & OVERLAY_REVERSE)
		a |= A_REVERSE;
	return a;
}

static short ui_curses_pair(const struct ui *u, unsigned attr)
{
	if (!u->color)
		return 0;
	enum view_color c = VIEW_COLOR(attr);
	return c > 0 && c < VIEW_N_COLORS && ui_role_fg[c] >= 0 ? (short)c : 0;
}

static void ui_win_erase(void *ctx)
{
	struct ui_win *w = ctx;
	werase(w->win);
}

static void ui_win_cell(void *ctx, int y, int x, const char *s, size_t len,
			int width, unsigned attr)
{
	struct ui_win *w = ctx;
	(void)width;
	wchar_t wc[CCHARW_MAX + 1];
	int n = 0;
	size_t i = 0;
	while (i < len && n < CCHARW_MAX) {
		uint32_t uc;
		i += (size_t)text_next(s + i, len - i, &uc);
		wc[n++] = (wchar_t)uc;
	}
	wc[n] = L'\0';
	cchar_t cc;
	setcchar(&cc, wc, ui_curses_attr(attr), ui_curses_pair(w->u, attr),
		 NULL);
	/* Explicit position for every cluster: our width decides columns,
	 * whatever the C library's wcwidth thinks. */
	mvwadd_wch(w->win, y, x, &cc);
}

static void ui_win_fill(void *ctx, int y, int x, int n, unsigned attr)
{
	struct ui_win *w = ctx;
	cchar_t cc;
	setcchar(&cc, L" ", ui_curses_attr(attr), ui_curses_pair(w->u, attr),
		 NULL);
	/* One call for the run: blanking a box is most of a frame's cells. */
	if (n > 0)
		mvwhline_set(w->win, y, x, &cc, n);
}

/* Longest run drawn in one call; longer ones go a cell at a time. */
enum { UI_RUN_MAX = 256 };

/* ncurses places the cells of a run by wcwidth(), which is ours (above):
 * the run is taken when that adds up to the width the view measured. Its
 * cells are built here and copied in one call, which skips the work
 * wadd_wch() does per character. */
static bool ui_win_text(void *ctx, int y, int x, const char *s, size_t len,
			int width, unsigned attr)
{
	struct ui_win *w = ctx;
	cchar_t cells[UI_RUN_MAX], blank;
	setcchar(&blank, L" ", ui_curses_attr(attr),
		 ui_curses_pair(w->u, attr), NULL);
	int n = 0, cols = 0, marks = 0;
	for (size_t i = 0; i < len;) {
		uint32_t uc = (unsigned char)s[i];
		int cw = 1;
		if (uc < 0x80)
			i++;
		else {
			i += (size_t)text_next(s + i, len - i, &uc);
			cw = wcwidth((wchar_t)uc);
		}
		if (cw < 0)
			return false;
		if (cw == 0) { /* a mark joins the cell before it */
			if (n > 0 && ++marks < CCHARW_MAX)
				cells[n - 1].chars[marks] = (wchar_t)uc;
			continue;
		}
		if (n == UI_RUN_MAX)
			return false;
		cells[n] = blank;
		cells[n++].chars[0] = (wchar_t)uc;
		marks = 0;
		cols += cw;
	}
	if (cols != width)
		return false;
	mvwadd_wchnstr(w->win, y, x, cells, n);
	return true;
}

static const struct canvas_ops ui_win_ops = { ui_win_erase, ui_win_cell,
					      ui_win_fill, ui_win_text };

static void ui_setup_colors(struct ui *u)
{
	if (!has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	for (int c = 1; c < VIEW_N_COLORS; c++)
		if (ui_role_fg[c] >= 0 && c < COLOR_PAIRS)
			init_pair((short)c, ui_role_fg[c], -1);
	u->color = true;
}

struct ui *ui_new(const struct ui_options *opt, char *err, size_t errsize)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errsize, "the reader needs a terminal "
			 "(standard input and output are not one)");
		return NULL;
	}
	ui_set_ambiguous_wide(opt->ambiguous_wide);
	/* newterm rather than initscr: initscr exits on a bad TERM. */
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		const char *t = getenv("TERM");
		snprintf(err, errsize, "cannot use the terminal type \"%s\"",
			 t ? t : "(unset)");
		return NULL;
	}
	set_term(scr);
	struct ui *u = xcalloc(1, sizeof *u);
	u->screen = scr;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	leaveok(stdscr, TRUE);
	if (opt->color)
		ui_setup_colors(u);
	if (opt->mouse)
		ui_mouse_on(u);
	u->w[UI_STDSCR] = (struct ui_win){stdscr, u, {0}};
	getmaxyx(stdscr, u->rows, u->cols);
	return u;
}

/* Clicks and the wheel. ncurses (6.4) reports mice in the terminal's
 * native form: with a terminfo entry whose kmous is "\E[M" and that has
 * no XM string (tmux-256color, screen-256color), it sends ?1000h and
 * decodes the X10 form, whose one-byte coordinates stop at column 223;
 * only an entry with XM naming 1006 (xterm's) gets SGR. So for any
 * xterm-like entry we ask for 1000 + 1006 ourselves and parse the SGR
 * reports; a terminal of another kind (the Linux console's gpm) keeps
 * ncurses' own mouse. Shift+drag still selects text: 1000 leaves motion
 * to the terminal, and xterm and tmux keep Shift for selection. */
static void ui_mouse_on(struct ui *u)
{
	const char *kmous = tigetstr("kmous");
	if (kmous && kmous != (char *)-1 && !strncmp(kmous, "\033[", 2)) {
		define_key("\033[<", UI_KEY_SGR_MOUSE);
		define_key("\033[M", UI_KEY_X10_MOUSE);
		ui_put_now(UI_SGR_MOUSE_ON);
		u->sgr_mouse = true;
		return;
	}
	mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0); /* no click detection: no waiting */
}

/* Reads the rest of an SGR report after its "ESC [ <": "B;X;Y" then 'M'
 * (press) or 'm' (release), cells counted from 1. Returns true for a
 * press of button 1 or a wheel step, filling in. */
static bool ui_read_sgr(struct ui_input *in)
{
	long v[3] = {0, 0, 0};
	int k = 0, digits = 0;
	for (int n = 0; n < 32; n++) {
		wint_t ch;
		if (wget_wch(stdscr, &ch) != OK)
			return false; /* cut short: drop it */
		if (ch >= '0' && ch <= '9' && v[k] < 100000) {
			v[k] = v[k] * 10 + (long)(ch - '0');
			digits++;
		} else if (ch == ';' && k < 2 && digits) {
			k++;
			digits = 0;
		} else if ((ch == 'M' || ch == 'm') && k == 2 && digits) {
			if (ch == 'm' || v[1] < 1 || v[2] < 1)
				return false; /* a release, or nonsense */
			return ui_mouse_event(in, v[0], v[2] - 1, v[1] - 1);
		} else {
			return false;
		}
	}
	return false;
}

/* The event of button code b (SGR's; X10's less 32) at the 0-based cell
 * (y, x) into in; false for what the reader does not use (releases,
 * other buttons). */
static bool ui_mouse_event(struct ui_input *in, long b, long y, long x)
{
	b &= ~28L; /* without Shift, Meta, Ctrl */
	if (b == 64)
		in->mouse = APP_MOUSE_WHEEL_UP;
	else if (b == 65)
		in->mouse = APP_MOUSE_WHEEL_DOWN;
	else if (b == 0)
		in->mouse = APP_MOUSE_CLICK;
	else
		return false;
	in->kind = UI_INPUT_MOUSE;
	in->y = (int)y;
	in->x = (int)x;
	return true;
}

/* Reads the three bytes of an X10 report after its "ESC [ M". */
static bool ui_read_x10(struct ui_input *in)
{
	long v[3];
	for (int i = 0; i < 3; i++) {
		wint_t ch;
		if (wget_wch(stdscr, &ch) != OK || ch < 32)
			return false;
		v[i] = (long)ch - 32;
	}
	if (v[1] < 1 || v[2] < 1)
		return false;
	return ui_mouse_event(in, v[0], v[2] - 1, v[1] - 1);
}

static void ui_drop_windows(struct ui *u)
{
	for (int i = 0; i < UI_N_WINS; i++) {
		if (i != UI_STDSCR && u->w[i].win)
			delwin(u->w[i].win);
		if (i != UI_STDSCR)
			u->w[i].win = NULL;
	}
	u->have_windows = false;
}

void ui_free(struct ui *u)
{
	if (!u)
		return;
	ui_drop_windows(u);
	if (u->sgr_mouse) /* ncurses does not know it turned them on */
		ui_put_now(UI_SGR_MOUSE_OFF);
	endwin(); /* leaves the alternate screen, keypad and mouse modes */
	delscreen(u->screen);
	free(u);
}

void ui_size(const struct ui *u, int *cols, int *rows)
{
	*cols = u->cols;
	*rows = u->rows;
}

void ui_resize(struct ui *u, int *cols, int *rows)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    ws.ws_row > 0) {
		resizeterm(ws.ws_row, ws.ws_col);
	}
	getmaxyx(stdscr, u->rows, u->cols);
	ui_drop_windows(u);
	*cols = u->cols;
	*rows = u->rows;
}

static void ui_make_win(struct ui *u, int i, const struct rect *r)
{
	if (r->h <= 0 || r->w <= 0)
		return;
	WINDOW *w = newwin(r->h, r->w, r->y, r->x);
	if (!w)
		return;
	leaveok(w, TRUE);
	u->w[i] = (struct ui_win){ w, u, { r->h, r->w, &ui_win_ops, NULL } };
}

static void ui_build_windows(struct ui *u, const struct app *a)
{
	ui_drop_windows(u);
	u->built = *app_layout(a);
	if (app_layout(a)->too_small)
		return;
	for (int p = 0; p < LAYOUT_N_PANES; p++)
		ui_make_win(u, p, &app_layout(a)->pane[p]);
	ui_make_win(u, UI_STATUS, &app_layout(a)->status);
	ui_make_win(u, UI_OVERLAY, &app_layout(a)->backdrop);
	u->have_windows = true;
}

static struct canvas *ui_canvas_of(struct ui *u, int i)
{
	struct ui_win *w = &u->w[i];
	if (!w->win)
		return NULL;
	w->canvas.ops = &ui_win_ops;
	w->canvas.ctx = w;
	getmaxyx(w->win, w->canvas.h, w->canvas.w);
	return &w->canvas;
}

void ui_render(struct ui *u, struct app *a, unsigned dirty)
{
	if (app_take_clear_screen(a)) {
		clearok(curscr, TRUE);
		dirty = APP_DIRTY_ALL;
	}
	if (!dirty)
		return;
	if (memcmp(&u->built, app_layout(a), sizeof u->built) != 0 ||
	    (!u->have_windows && !app_layout(a)->too_small)) {
		ui_build_windows(u, a);
		dirty = APP_DIRTY_ALL;
	}
	if (app_layout(a)->too_small) {
		struct canvas *c = ui_canvas_of(u, UI_STDSCR);
		view_too_small(a, c);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	if (dirty & APP_DIRTY_LAYOUT) {
		struct canvas *c = ui_canvas_of(u, UI_STDSCR);
		werase(stdscr);
		view_frame(a, c);
		wnoutrefresh(stdscr);
	}
	static const unsigned pane_bit[LAYOUT_N_PANES] = {
		APP_DIRTY_LIST, APP_DIRTY_TRANSCRIPT, APP_DIRTY_GLOSSARY};
	bool under = false;
	for (int p = 0; p < LAYOUT_N_PANES; p++) {
		struct canvas *c = ui_canvas_of(u, p);
		if (!c)
			continue;
		if (dirty & pane_bit[p])
			view_pane(a, (enum layout_pane)p, c);
		else if (p == LAYOUT_TRANSCRIPT && (dirty & APP_DIRTY_CURRENT))
			view_transcript_current(a, c, u->drawn_current);
		else
			continue;
		if (p == LAYOUT_TRANSCRIPT)
			u->drawn_current = app_current(a);
		wnoutrefresh(u->w[p].win);
		under = true;
	}
	if (dirty & APP_DIRTY_STATUS) {
		struct canvas *c = ui_canvas_of(u, UI_STATUS);
		if (c) {
			view_status(a, c);
			wnoutrefresh(u->w[UI_STATUS].win);
		}
	}
	/* The overlay sits on top: redraw it when it changed or when a pane
	 * under it was just copied over it. */
	if (app_mode_depth(a) && (under || (dirty & APP_DIRTY_OVERLAY))) {
		struct canvas *c = ui_canvas_of(u, UI_OVERLAY);
		if (c) {
			view_overlay(a, c);
			touchwin(u->w[UI_OVERLAY].win);
			wnoutrefresh(u->w[UI_OVERLAY].win);
		}
	}
	doupdate();
}

static int ui_map_key(int code)
{
	switch (code) {
	case KEY_UP: return KEYS_UP;
	case KEY_DOWN: return KEYS_DOWN;
	case KEY_LEFT: return KEYS_LEFT;
	case KEY_RIGHT: return KEYS_RIGHT;
	case KEY_SLEFT: return KEYS_SLEFT;
	case KEY_SRIGHT: return KEYS_SRIGHT;
	case KEY_PPAGE: return KEYS_PGUP;
	case KEY_NPAGE: return KEYS_PGDN;
	case KEY_HOME: return KEYS_HOME;
	case KEY_END: return KEYS_END;
	case KEY_IC: return KEYS_INSERT;
	case KEY_DC: return KEYS_DELETE;
	case KEY_BACKSPACE: return KEYS_BACKSPACE;
	case KEY_BTAB: return KEYS_BTAB;
	case KEY_ENTER: return KEYS_ENTER;
	default:
		if (code >= KEY_F(1) && code <= KEY_F(12))
			return KEYS_F1 + code - KEY_F(1);
		return -1;
	}
}

bool ui_read(struct ui *u, struct ui_input *in)
{
	(void)u;
	for (;;) {
		wint_t wch;
		int rc = wget_wch(stdscr, &wch);
		if (rc == ERR)
			return false;
		if (rc == KEY_CODE_YES) {
			if (wch == UI_KEY_X10_MOUSE) {
				if (ui_read_x10(in))
					return true;
				continue;
			}
			if (wch == UI_KEY_SGR_MOUSE) {
				if (ui_read_sgr(in))
					return true;
				continue;
			}
			if (wch == KEY_MOUSE) {
				MEVENT ev;
				if (getmouse(&ev) != OK)
					continue;
				in->kind = UI_INPUT_MOUSE;
				in->y = ev.y;
				in->x = ev.x;
				if (ev.bstate & BUTTON4_PRESSED)
					in->mouse = APP_MOUSE_WHEEL_UP;
				else if (ev.bstate & BUTTON5_PRESSED)
					in->mouse = APP_MOUSE_WHEEL_DOWN;
				else if (ev.bstate & BUTTON1_PRESSED)
					in->mouse = APP_MOUSE_CLICK;
				else
					continue;
				return true;
			}
			int k = ui_map_key((int)wch);
			if (k < 0)
				continue; /* KEY_RESIZE and keys we do not know */
			in->kind = UI_INPUT_KEY;
			in->key = k;
			return true;
		}
		in->kind = UI_INPUT_KEY;
		if (wch == '\n' || wch == '\r')
			in->key = KEYS_ENTER;
		else if (wch == 127 || wch == 8)
			in->key = KEYS_BACKSPACE;
		else
			in->key = (int)wch;
		return true;
	}
}
