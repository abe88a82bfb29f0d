/* cli_reader: `buildspeak` with no command -- the full-screen reader on a
 * terminal, the episode printed elsewhere, and the bundled sample for an
 * empty library. */
#include "cli_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/reader.h"
#include "buildspeak/path.h"
#include "buildspeak/store.h"


/* The bundled sample episode: in $BUILDSPEAK_DATA, then the source tree's
 * data/ (a build run in place), then the installed data directory. Returns
 * a new path, or NULL when none is readable. */
static char *cli_reader_find_sample(void)
{
	const char *dirs[] = { getenv("BUILDSPEAK_DATA"), BUILDSPEAK_SRCDATADIR,
			       BUILDSPEAK_DATADIR };

	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		if (!dirs[i] || !dirs[i][0])
			continue;
		char *path = xasprintf("%s/sample.page.txt", dirs[i]);
		if (access(path, R_OK) == 0)
			return path;
		free(path);
	}
	return NULL;
}

/* The sample's synthesised audio (data/synth-audio, made by
 * `./bootstrap.sh run`): $BUILDSPEAK_SAMPLE_AUDIO, else sample-audio.flac
 * next to the program. Returns its absolute path (new), or NULL when there
 * is none: the sample is then imported without audio. */
/* The directory of the running program (new), or NULL. */
static char *cli_reader_exe_dir(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0 || n == (ssize_t)sizeof exe - 1)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return xstrdup(exe);
}

static char *cli_reader_find_sample_audio(void)
{
	const char *env = getenv("BUILDSPEAK_SAMPLE_AUDIO");
	char *path = NULL;

	if (env && env[0]) {
		path = xstrdup(env);
	} else {
		char *dir = cli_reader_exe_dir();
		if (!dir)
			return NULL;
		path = xasprintf("%s/sample-audio.flac", dir);
		free(dir);
	}
	char *real = access(path, R_OK) == 0 ? realpath(path, NULL) : NULL;
	free(path);
	return real;
}

/* What to say when the sample was imported without its spoken audio: how
 * to make it, for the episode id. From a meson build directory, its
 * `sample-audio` target; elsewhere data/synth-audio itself. New string. */
static char *cli_reader_sample_audio_hint(long long id)
{
	char *dir = cli_reader_exe_dir();
	char *ninja = dir ? xasprintf("%s/build.ninja", dir) : NULL;
	char *msg;
	if (ninja && access(ninja, R_OK) == 0) {
		char cwd[4096];
		const char *shown = dir;
		size_t cl = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
		if (cl > 1 && !strncmp(dir, cwd, cl) && dir[cl] == '/')
			shown = dir + cl + 1; /* build, not /home/.../build */
		msg = xasprintf("the sample has no audio yet: 'ninja -C %s "
				"sample-audio' speaks it (data/synth-audio), "
				"then 'buildspeak audio %lld %s/sample-audio."
				"flac'", shown, id, shown);
	} else {
		msg = xasprintf("the sample has no audio yet: 'data/synth-audio "
				"data/sample.page.txt sample.flac' speaks it, "
				"then 'buildspeak audio %lld sample.flac'", id);
	}
	free(ninja);
	free(dir);
	return msg;
}

/* Opens the reader's log, where stderr goes while the reader owns the
 * terminal: $XDG_STATE_HOME/buildspeak/reader.log (else ~/.local/state/...),
 * emptied at each start; else an unnamed temporary file. *path gets its
 * name (new) or NULL. Returns the descriptor or -1. */
static int cli_reader_open_log(char **path)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char *dir = NULL;

	*path = NULL;
	if (state && state[0] == '/')
		dir = xasprintf("%s/buildspeak", state);
	else if (home && home[0] == '/')
		dir = xasprintf("%s/.local/state/buildspeak", home);
	if (dir && path_mkdirs(dir, 0700, NULL) == 0) {
		char *name = xasprintf("%s/reader.log", dir);
		int fd = open(name, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0600);
		if (fd >= 0) {
			free(dir);
			*path = name;
			return fd;
		}
		free(name);
	}
	free(dir);
	const char *tmp = getenv("TMPDIR");
	return open(tmp && tmp[0] ? tmp : "/tmp", O_RDWR | O_TMPFILE | O_CLOEXEC,
		    0600);
}

/* Shows what went to the log while the reader ran: our own messages
 * ("buildspeak: ...") as they are, the first lines of others (sanitised:
 * they may quote file names) under a heading, and how many more. */
static void cli_reader_replay_log(int fd, const char *path)
{
	enum { MAX_LINES = 8 };
	int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	FILE *f = copy >= 0 ? fdopen(copy, "r") : NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int n = 0;
	bool heading = false;

	if (!f) {
		if (copy >= 0)
			close(copy);
		return;
	}
	rewind(f);
	while ((len = getline(&line, &cap, f)) > 0) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "buildspeak: ", 12) == 0) {
			/* Ours, but they may quote untrusted names (and
			 * anything can write a line that starts so). */
			char *t = text_sanitize_line(line);
			fprintf(stderr, "%s\n", t);
			free(t);
			continue;
		}
		if (!heading)
			fprintf(stderr, "buildspeak: printed while the reader "
				"ran%s%s%s:\n", path ? " (kept in " : "",
				path ? path : "", path ? ")" : "");
		heading = true;
		if (n++ >= MAX_LINES)
			continue;
		char *t = text_sanitize_line(line);
		fprintf(stderr, "  %s\n", t);
		free(t);
	}
	if (n > MAX_LINES)
		fprintf(stderr, "  ... and %d more lines\n", n - MAX_LINES);
	free(line);
	fclose(f);
}

/* Runs the reader with stderr sent to the log: libraries the player loads
 * (ALSA, PipeWire) print there from their own threads, and not a byte of
 * it may land on the reader's screen. The terminal restored, the log's
 * lines are shown. */
static int cli_reader_run(struct cli *c)
{
	char *log_path = NULL;
	int log = cli_reader_open_log(&log_path);
	int saved = log >= 0 ? fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3) : -1;

	if (saved >= 0 && dup2(log, STDERR_FILENO) < 0) {
		close(saved);
		saved = -1;
	}
	int rc = reader_run(c->st, &c->reader);
	if (saved >= 0) {
		fflush(stderr);
		dup2(saved, STDERR_FILENO);
		close(saved);
		cli_reader_replay_log(log, log_path);
	}
	if (log >= 0)
		close(log);
	free(log_path);
	return rc;
}

/* Whether $TERM can show the full-screen reader. A dumb terminal (TERM
 * unset, empty or "dumb": Emacs' shell, some CI consoles) cannot move the
 * cursor, so the episode is printed as in a pipe instead, which reads
 * well there; an unknown terminal name is the reader's to refuse. */
static bool cli_reader_term_usable(void)
{
	const char *term = getenv("TERM");

	if (term && term[0] && strcmp(term, "dumb") != 0)
		return true;
	cli_error("TERM=%s cannot show the reader: printing the episode "
		  "(set TERM, e.g. xterm-256color, for the reader)",
		  term ? term : "");
	return false;
}

/* `buildspeak` alone. The only path that adds an episode by itself: an
 * empty library gets the bundled sample (with its synthesised audio when
 * there is some), so a new user sees -- and hears -- something at once. On
 * a terminal it runs the full-screen reader; otherwise (a pipe) it prints
 * the episode last opened (else the newest) as `show` does. */
int cli_cmd_reader(struct cli *c)
{
	struct episode *ep;
	long long id = 0;
	int rc = cli_open(c, CLI_WRITE);

	if (rc != EX_OK)
		return rc;
	long count = store_episode_count(c->st);
	if (count < 0)
		return cli_store_failed(c, "cannot read the library");
	if (count == 0) {
		bool stored;
		char *sample = cli_reader_find_sample();
		if (!sample) {
			cli_error("the library is empty and the bundled sample "
				  "episode is not found (set BUILDSPEAK_DATA to "
				  "the directory holding sample.page.txt)");
			return EX_UNAVAILABLE;
		}
		char *audio = cli_reader_find_sample_audio();
		rc = cli_import_one(c, sample, false, audio, &stored, &id);
		free(sample);
		if (rc != EX_OK) {
			free(audio);
			return rc;
		}
		if (!audio && stored)
			c->reader.notice = cli_reader_sample_audio_hint(id);
		free(audio);
	}
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) &&
	    cli_reader_term_usable()) {
		rc = cli_reader_run(c);
		free(c->reader.notice);
		c->reader.notice = NULL;
		return rc;
	}
	free(c->reader.notice); /* a pipe: nothing to make audio for */
	c->reader.notice = NULL;
	/* The reader picks its episode from the list it loads anyway; only a
	 * pipe needs one here, and not the whole list to find it. */
	if (id == 0)
		id = store_last_opened(c->st);
	if (id == 0)
		id = store_episode_newest(c->st);
	if (id < 0)
		return cli_store_failed(c, "cannot read the library");
	rc = cli_load(c, id, &ep);
	if (rc != EX_OK)
		return rc;
	cli_print_episode(c, ep);
	episode_free(ep);
	return EX_OK;
}

