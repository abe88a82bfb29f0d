/* config: the bind/unbind/set language of data/keys.conf and the user's
 * config file. */
#include "buildspeak/config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buildspeak/alloc.h"
#include "buildspeak/path.h"
#include "buildspeak/command.h"

void config_init(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->color = true;
	c->mouse = true;
	c->ao = xstrdup("");
	c->seek_seconds = 5;
	c->repeat_count = 3;
}

void config_free(struct config *c)
{
	free(c->ao);
	keys_clear(&c->keys);
	for (size_t i = 0; i < c->n_dicts; i++)
		free(c->dicts[i]);
	free(c->dicts);
	for (size_t i = 0; i < c->n_errors; i++)
		free(c->errors[i]);
	free(c->errors);
	memset(c, 0, sizeof *c);
}

void config_error(struct config *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	c->errors = xgrowarray(c->errors, &c->cap_errors, c->n_errors + 1,
			       sizeof c->errors[0]);
	c->errors[c->n_errors++] = msg;
}

/* Splits line into at most max words separated by blanks, in place; a '#'
 * at the start of a word starts a comment. A word may be quoted with '"'
 * (so a key named '#' or ' ' can be written "#"). Returns the word count,
 * or -1 when there are more than max or a quote is not closed. */
static int config_split(char *line, char **w, int max)
{
	int n = 0;
	char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\0' || *p == '#')
			return n;
		if (n == max)
			return -1;
		if (*p == '"') {
			char *end = strchr(p + 1, '"');
			if (!end)
				return -1;
			*end = '\0';
			w[n++] = p + 1;
			p = end + 1;
			continue;
		}
		w[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
}

static int config_parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") ||
	    !strcmp(v, "1")) {
		*out = true;
		return 0;
	}
	if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off") ||
	    !strcmp(v, "0")) {
		*out = false;
		return 0;
	}
	return -1;
}

static int config_set_option(struct config *c, const char *name,
			     const char *value, const char *where)
{
	bool *flag = NULL;
	if (!strcmp(name, "ambiguous-wide"))
		flag = &c->ambiguous_wide;
	else if (!strcmp(name, "color") || !strcmp(name, "colour"))
		flag = &c->color;
	else if (!strcmp(name, "mouse"))
		flag = &c->mouse;
	if (flag) {
		if (config_parse_bool(value, flag) == 0)
			return 0;
		config_error(c, "%s: %s wants yes or no, not \"%s\"", where,
			     name, value);
		return -1;
	}
	struct { const char *name; double min, max; const char *what; }
		nums[] = {{"seek-seconds", 0.1, 600, "seconds"},
			  {"repeat-count", 1, 99, "a whole number of plays"},
			  {"shadow-pause", 0, 10, "a factor of the sentence's "
						  "length"}};
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		if (strcmp(name, nums[i].name))
			continue;
		char *end;
		double v = strtod(value, &end);
		if (end == value || *end || !(v >= nums[i].min) ||
		    !(v <= nums[i].max) || (i == 1 && v != (int)v)) {
			config_error(c, "%s: %s wants %s from %g to %g, not "
				     "\"%s\"", where, name, nums[i].what,
				     nums[i].min, nums[i].max, value);
			return -1;
		}
		if (i == 0)
			c->seek_seconds = v;
		else if (i == 1)
			c->repeat_count = (int)v;
		else
			c->shadow_pause = v;
		return 0;
	}
	if (!strcmp(name, "ao")) {
		free(c->ao);
		c->ao = xstrdup(strcmp(value, "auto") ? value : "");
		return 0;
	}
	config_error(c, "%s: unknown option \"%s\"", where, name);
	return -1;
}

/* Adds a `dict FILE` database: "~/" is $HOME's, a relative path the
 * directory's of the config file naming it. */
static int config_dict(struct config *c, const char *path, const char *file)
{
	const char *home = getenv("HOME");
	const char *slash = strrchr(file, '/');
	char *full;
	if (path[0] == '~' && path[1] == '/' && home && *home)
		full = xasprintf("%s%s", home, path + 1);
	else if (path[0] != '/' && slash)
		full = xasprintf("%.*s/%s", (int)(slash - file), file, path);
	else
		full = xstrdup(path);
	c->dicts = xgrowarray(c->dicts, &c->cap_dicts, c->n_dicts + 1,
			      sizeof c->dicts[0]);
	c->dicts[c->n_dicts++] = full;
	return 0;
}

int config_line(struct config *c, const char *text, const char *file,
		int lineno)
{
	char *line = xstrdup(text);
	char *where = xasprintf("%s:%d", file, lineno);
	char *w[5];
	int n = config_split(line, w, 4);
	int rc = -1;
	if (n < 0) {
		config_error(c, "%s: too many words or an unclosed quote",
			     where);
	} else if (n == 0) {
		rc = 0;
	} else if (!strcmp(w[0], "bind") || !strcmp(w[0], "unbind")) {
		bool bind = w[0][0] == 'b';
		int ctx, key, cmd = -1;
		if (n != (bind ? 4 : 3))
			config_error(c, "%s: usage: %s", where,
				     bind ? "bind CONTEXT KEY COMMAND"
					  : "unbind CONTEXT KEY");
		else if ((ctx = keys_context_find(w[1])) < 0)
			config_error(c, "%s: unknown context \"%s\"", where,
				     w[1]);
		else if ((key = keys_parse(w[2])) < 0)
			config_error(c, "%s: unknown key \"%s\"", where, w[2]);
		else if (bind && (cmd = command_find(w[3])) < 0)
			config_error(c, "%s: unknown command \"%s\"", where,
				     w[3]);
		else if (bind) {
			keys_bind(&c->keys, ctx, key, cmd);
			rc = 0;
		} else {
			keys_unbind(&c->keys, ctx, key);
			rc = 0; /* unbinding an unbound key is harmless */
		}
	} else if (!strcmp(w[0], "set")) {
		if (n == 3)
			rc = config_set_option(c, w[1], w[2], where);
		else if (n == 2 && !strcmp(w[1], "ao"))
			rc = config_set_option(c, w[1], "", where);
		else
			config_error(c, "%s: usage: set OPTION VALUE", where);
	} else if (!strcmp(w[0], "dict")) {
		if (n == 2)
			rc = config_dict(c, w[1], file);
		else
			config_error(c, "%s: usage: dict FILE", where);
	} else {
		config_error(c, "%s: unknown statement \"%s\" (bind, unbind, "
			     "set or dict)", where, w[0]);
	}
	free(where);
	free(line);
	return rc;
}

int config_read_string(struct config *c, const char *text, const char *file)
{
	int bad = 0, lineno = 0;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		lineno++;
		if (config_line(c, line, file, lineno) < 0)
			bad++;
		free(line);
		p += len;
		if (*p == '\n')
			p++;
	}
	return bad;
}

int config_read_file(struct config *c, const char *path, bool must_exist)
{
	/* O_NONBLOCK: a FIFO without a writer must not hang the reader
	 * before it draws; only regular files are read after the fstat. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT && !must_exist)
			return 0;
		config_error(c, "%s: %s", path, strerror(errno));
		return 1;
	}
	struct stat st;
	char *refusal = NULL;
	if (fstat(fd, &st) < 0)
		refusal = xasprintf("%s: %s", path, strerror(errno));
	else if (S_ISDIR(st.st_mode))
		refusal = xasprintf("%s: is a directory, not a config file",
				    path);
	else if (!S_ISREG(st.st_mode))
		refusal = xasprintf("%s: not a regular file but %s; not read",
				    path, path_kind(&st));
	else if (st.st_size > CONFIG_MAX_FILE)
		refusal = xasprintf("%s: larger than " CONFIG_MAX_TEXT "; not "
				    "a config file", path);
	if (refusal) {
		close(fd);
		config_error(c, "%s", refusal);
		free(refusal);
		return 1;
	}
	/* The size can change under us: read at most one byte past the cap
	 * to tell a file that grew. */
	char *buf = xmalloc(CONFIG_MAX_FILE + 2);
	size_t len = 0;
	int err = 0;
	while (len <= CONFIG_MAX_FILE) {
		ssize_t got = read(fd, buf + len, CONFIG_MAX_FILE + 1 - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			err = errno;
		if (got <= 0)
			break;
		len += (size_t)got;
	}
	close(fd);
	if (err || len > CONFIG_MAX_FILE) {
		free(buf);
		if (err)
			config_error(c, "%s: %s", path, strerror(err));
		else
			config_error(c, "%s: larger than " CONFIG_MAX_TEXT
				     "; not a config file", path);
		return 1;
	}
	buf[len] = '\0';
	if (strlen(buf) != len) {
		free(buf);
		config_error(c, "%s: holds a NUL byte; not a config file",
			     path);
		return 1;
	}
	int bad = config_read_string(c, buf, path);
	free(buf);
	return bad;
}

char *config_user_path(void)
{
	const char *x = getenv("XDG_CONFIG_HOME");
	if (x && *x == '/')
		return xasprintf("%s/buildspeak/config", x);
	const char *h = getenv("HOME");
	if (h && *h)
		return xasprintf("%s/.config/buildspeak/config", h);
	return NULL;
}

char *config_defaults_path(void)
{
	const char *env = getenv("BUILDSPEAK_DATA");
	if (env && *env)
		return xasprintf("%s/keys.conf", env);
	const char *dirs[] = {BUILDSPEAK_DATADIR, BUILDSPEAK_SRCDATADIR};
	for (size_t i = 0; i < 2; i++) {
		char *p = xasprintf("%s/keys.conf", dirs[i]);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return xasprintf("%s/keys.conf", dirs[0]);
}
