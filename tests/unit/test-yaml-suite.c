/*
 * test-yaml-suite.c — the YAML layer (yaml_load_buf) against the YAML test
 * suite's 402 cases, vendored in tests/yaml-suite (MIT; see its README).
 *
 * For every case the loader must agree with the suite's `error` flag:
 *   - a case that must be rejected is rejected;
 *   - a valid case loads, and where the suite gives its value (in.json)
 *     the loaded tree equals it; or the loader refuses it on purpose,
 *     for one of the reasons in `refusals[]` below (what a ticket file
 *     never holds), and the message says which;
 *   - the few cases where libyaml 0.2.5 itself disagrees with the suite
 *     are listed by name in `libyaml_disagrees[]`, each with the reason.
 * A loader that rejected everything fails here: 75 cases must load and
 * match their JSON.  The ticket layer is tested separately, on the same
 * cases, by tests/cli/test-yaml-suite.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "yaml-load.h"

#define SUITE "tests/yaml-suite/cases"

/* What the loader refuses on purpose: a ticket file is one mapping of
 * plain keys, with no anchors, aliases or tags. */
static const struct {
	const char *msg;	/* a part of the loader's message */
	const char *mark;	/* the input must contain this (NULL: anything) */
	const char *why;
} refusals[] = {
	{ "should be a mapping", NULL, "a ticket file is a mapping at the top" },
	{ "the file is empty", NULL, "a ticket file is a mapping at the top" },
	{ "must be a plain word", NULL, "ticket keys are plain words, not quoted, flow or complex keys" },
	{ "second YAML document", "---", "one document per file" },
	{ "YAML anchor", "&", "no anchors or aliases: they make alias bombs" },
	{ "YAML alias", "*", "no anchors or aliases: they make alias bombs" },
	{ "YAML tag", "!", "no tags: a ticket's values are plain strings" },
};

/* Where libyaml 0.2.5 itself disagrees with the suite. */
enum { REJECTS_VALID = 'r', ACCEPTS_INVALID = 'a', OTHER_VALUE = 'v' };
static const struct {
	const char *name;
	char kind;
	const char *why;
} libyaml_disagrees[] = {
	/* valid YAML that libyaml rejects */
	{ "2JQS", REJECTS_VALID, "libyaml: empty keys without a value" },
	{ "2LFX", REJECTS_VALID, "libyaml: reserved directives" },
	{ "4ABK", REJECTS_VALID, "libyaml: flow mapping with omitted values" },
	{ "4MUZ-00", REJECTS_VALID, "libyaml: flow mapping keys on their own line" },
	{ "4MUZ-01", REJECTS_VALID, "libyaml: flow mapping keys on their own line" },
	{ "4MUZ-02", REJECTS_VALID, "libyaml: flow mapping keys on their own line" },
	{ "58MP", REJECTS_VALID, "libyaml: flow mapping edge key" },
	{ "5MUD", REJECTS_VALID, "libyaml: colon on the next line in flow" },
	{ "6CA3", REJECTS_VALID, "libyaml: tab before a flow sequence" },
	{ "652Z", OTHER_VALUE, "libyaml: reads '?foo' in a flow mapping as an explicit key" },
	{ "6LVF", REJECTS_VALID, "libyaml: reserved directives" },
	{ "7Z25", REJECTS_VALID, "libyaml: bare document after a document end" },
	{ "96NN-00", REJECTS_VALID, "libyaml: tab indentation inside a block scalar" },
	{ "96NN-01", REJECTS_VALID, "libyaml: tab indentation inside a block scalar" },
	{ "A2M4", REJECTS_VALID, "libyaml: tabs as indentation indicators" },
	{ "BEC7", REJECTS_VALID, "libyaml: YAML 1.3 directive" },
	{ "DK3J", REJECTS_VALID, "libyaml: zero-indented sequences and document end" },
	{ "DK95-00", REJECTS_VALID, "libyaml: tabs before a value" },
	{ "DK95-03", REJECTS_VALID, "libyaml: tabs before a value" },
	{ "DK95-04", REJECTS_VALID, "libyaml: tabs in a multi-line plain scalar" },
	{ "FP8R", REJECTS_VALID, "libyaml: zero-indented block scalar" },
	{ "FRK4", REJECTS_VALID, "libyaml: colon in a plain scalar in flow" },
	{ "HWV9", REJECTS_VALID, "libyaml: document end marker only" },
	{ "K3WX", REJECTS_VALID, "libyaml: colon on the next line in flow" },
	{ "L24T-01", OTHER_VALUE, "libyaml: drops the last line of spaces of a literal scalar" },
	{ "M7A3", REJECTS_VALID, "libyaml: bare documents" },
	{ "MUS6-05", REJECTS_VALID, "libyaml: reserved directives" },
	{ "MUS6-06", REJECTS_VALID, "libyaml: reserved directives" },
	{ "NHX8", REJECTS_VALID, "libyaml: empty keys on several lines" },
	{ "NKF9", REJECTS_VALID, "libyaml: empty keys in block and flow" },
	{ "Q5MG", REJECTS_VALID, "libyaml: tab at the start of a flow" },
	{ "QT73", REJECTS_VALID, "libyaml: empty stream with a comment only" },
	{ "S3PD", REJECTS_VALID, "libyaml: block mapping with empty values" },
	{ "SM9W-01", REJECTS_VALID, "libyaml: single character streams" },
	{ "UT92", REJECTS_VALID, "libyaml: spec example 9.4, explicit document" },
	{ "VJP3-01", REJECTS_VALID, "libyaml: flow collections over several lines" },
	{ "W4TN", REJECTS_VALID, "libyaml: directive after a document end" },
	{ "W5VH", REJECTS_VALID, "libyaml: anchor names with punctuation" },
	{ "Y79Y-001", REJECTS_VALID, "libyaml: tab in a block scalar" },
	/* invalid YAML that libyaml accepts */
	{ "9C9N", ACCEPTS_INVALID, "libyaml accepts a wrongly indented flow sequence" },
	{ "DK95-01", ACCEPTS_INVALID, "libyaml accepts a tab before a key" },
	{ "QB6E", ACCEPTS_INVALID, "libyaml accepts a wrongly indented multi-line quoted scalar" },
	{ "S98Z", ACCEPTS_INVALID, "libyaml accepts a block scalar with a more-indented leading empty line" },
	{ "SU5Z", ACCEPTS_INVALID, "libyaml accepts a comment without a space before '#'" },
	{ "X4QW", ACCEPTS_INVALID, "libyaml accepts a comment after a block scalar indicator without a space" },
};

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (f == NULL)
		return NULL;
	buf = malloc(64 * 1024);
	assert_non_null(buf);
	*len = fread(buf, 1, 64 * 1024 - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static const char *
disagreement(const char *name, char *kind)
{
	for (size_t i = 0; i < sizeof(libyaml_disagrees) / sizeof(libyaml_disagrees[0]); i++)
		if (strcmp(libyaml_disagrees[i].name, name) == 0) {
			*kind = libyaml_disagrees[i].kind;
			return libyaml_disagrees[i].why;
		}
	return NULL;
}

/* ---- a small JSON reader that compares as it reads ---- */

struct js {
	const char *p;
	const char *err;
};

static void
ws(struct js *j)
{
	while (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r')
		j->p++;
}

static void
put_utf8(char **o, unsigned long c)
{
	unsigned char *u = (unsigned char *)*o;

	if (c < 0x80) {
		*u++ = (unsigned char)c;
	} else if (c < 0x800) {
		*u++ = (unsigned char)(0xC0 | c >> 6);
		*u++ = (unsigned char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		*u++ = (unsigned char)(0xE0 | c >> 12);
		*u++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		*u++ = (unsigned char)(0x80 | (c & 0x3F));
	} else {
		*u++ = (unsigned char)(0xF0 | c >> 18);
		*u++ = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
		*u++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		*u++ = (unsigned char)(0x80 | (c & 0x3F));
	}
	*o = (char *)u;
}

/* A JSON string at j->p (after the quote) into a new buffer. */
static char *
js_string(struct js *j)
{
	char *out = malloc(strlen(j->p) * 4 + 1), *o = out;

	assert_non_null(out);
	while (*j->p && *j->p != '"') {
		if (*j->p != '\\') {
			*o++ = *j->p++;
			continue;
		}
		j->p++;
		switch (*j->p++) {
		case 'n': *o++ = '\n'; break;
		case 't': *o++ = '\t'; break;
		case 'r': *o++ = '\r'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case '/': *o++ = '/'; break;
		case '\\': *o++ = '\\'; break;
		case '"': *o++ = '"'; break;
		case 'u': {
			unsigned long c = strtoul((char[5]){ j->p[0], j->p[1], j->p[2], j->p[3], 0 },
			    NULL, 16);
			j->p += 4;
			if (c >= 0xD800 && c < 0xDC00 && j->p[0] == '\\' && j->p[1] == 'u') {
				unsigned long lo = strtoul((char[5]){ j->p[2], j->p[3], j->p[4],
				    j->p[5], 0 }, NULL, 16);
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				j->p += 6;
			}
			put_utf8(&o, c);
			break;
		}
		default: j->err = "bad escape"; break;
		}
	}
	if (*j->p == '"')
		j->p++;
	*o = '\0';
	return out;
}

static int same(struct js *j, const struct ynode *n);

/* YAML's plain scalars for JSON's literals and numbers. */
static int
same_literal(const char *word, size_t len, const struct ynode *n)
{
	if (n->kind != YNODE_SCALAR)
		return 0;
	if (len == 4 && strncmp(word, "null", 4) == 0)
		return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0;
	if (len == n->len && strncmp(word, n->str, len) == 0)
		return 1;
	if (isdigit((unsigned char)*word) || *word == '-') {
		char *end;
		double a = strtod(word, NULL), b = strtod(n->str, &end);
		if (*end == '\0' && a == b)
			return 1;
		/* 0o14, 0x0C */
		if (strncmp(n->str, "0o", 2) == 0)
			return strtol(n->str + 2, NULL, 8) == (long)a;
		if (strncmp(n->str, "0x", 2) == 0)
			return strtol(n->str + 2, NULL, 16) == (long)a;
	}
	return 0;
}

static int
same(struct js *j, const struct ynode *n)
{
	ws(j);
	if (*j->p == '{') {
		size_t i = 0;
		j->p++;
		if (n->kind != YNODE_MAP)
			return 0;
		for (ws(j); *j->p != '}'; ws(j)) {
			char *key;
			int ok;
			size_t k;
			if (*j->p++ != '"')
				return 0;
			/* JSON objects are unordered: find the key. */
			key = js_string(j);
			for (k = 0; k < n->nr && strcmp(key, n->items[k].key) != 0; k++)
				;
			ok = k < n->nr;
			free(key);
			ws(j);
			if (!ok || *j->p++ != ':' || !same(j, n->items[k].val))
				return 0;
			i++;
			ws(j);
			if (*j->p == ',')
				j->p++;
		}
		j->p++;
		return i == n->nr;
	}
	if (*j->p == '[') {
		size_t i = 0;
		j->p++;
		if (n->kind != YNODE_SEQ)
			return 0;
		for (ws(j); *j->p != ']'; ws(j)) {
			if (i >= n->nr || !same(j, n->items[i].val))
				return 0;
			i++;
			ws(j);
			if (*j->p == ',')
				j->p++;
		}
		j->p++;
		return i == n->nr;
	}
	if (*j->p == '"') {
		char *s;
		int ok;
		j->p++;
		s = js_string(j);
		ok = n->kind == YNODE_SCALAR && strcmp(s, n->str) == 0;
		free(s);
		return ok;
	}
	{
		const char *w = j->p;
		while (*j->p && !strchr(",]} \n\t\r", *j->p))
			j->p++;
		return same_literal(w, (size_t)(j->p - w), n);
	}
}

/* ---- the walk ---- */

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
every_case_agrees_with_the_suite(void **state)
{
	DIR *d = opendir(SUITE);
	struct dirent *de;
	char *names[512];
	size_t nn = 0, loaded = 0, matched = 0, refused_on_purpose = 0, rejected = 0,
	    listed = 0, failures = 0;

	(void)state;
	if (d == NULL)
		fail_msg("%s not found: run the unit tests from the top of the repo", SUITE);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.' && nn < 512)
			names[nn++] = strdup(de->d_name);
	closedir(d);
	qsort(names, nn, sizeof(*names), cmp_name);
	assert_int_equal(nn, 402);

	for (size_t k = 0; k < nn; k++) {
		char path[512];
		size_t len, jlen;
		char *in, *json;
		struct ynode *root = NULL;
		const struct error *err;
		char kind = 0;
		const char *why = disagreement(names[k], &kind);
		int must_fail, agrees;

		snprintf(path, sizeof(path), "%s/%s/in.yaml", SUITE, names[k]);
		in = slurp(path, &len);
		assert_non_null(in);
		snprintf(path, sizeof(path), "%s/%s/error", SUITE, names[k]);
		{
			FILE *f = fopen(path, "r");
			must_fail = f != NULL;
			if (f)
				fclose(f);
		}
		err = yaml_load_buf(in, len, "in.yaml", &root);
		snprintf(path, sizeof(path), "%s/%s/in.json", SUITE, names[k]);
		json = slurp(path, &jlen);
		agrees = must_fail ? err != NULL : err == NULL;
		if (agrees && err == NULL && json) {
			struct js j = { json, NULL };
			agrees = same(&j, root) && j.err == NULL;
		}
		if (why) {
			/* libyaml disagrees: the loader must still answer as listed. */
			listed++;
			if (agrees || (kind == REJECTS_VALID) != (err != NULL)) {
				print_error("%s: listed as a libyaml disagreement (%s), but the "
				    "loader now answers otherwise: update the list\n",
				    names[k], why);
				failures++;
			}
		} else if (must_fail) {
			rejected += err != NULL;
			if (err == NULL) {
				print_error("%s: invalid YAML was accepted\n", names[k]);
				failures++;
			}
		} else if (err == NULL) {
			loaded++;
			if (json && agrees) {
				matched++;
			} else if (json) {
				print_error("%s: loaded value differs from in.json\n", names[k]);
				failures++;
			}
		} else {
			size_t r, nr = sizeof(refusals) / sizeof(refusals[0]);
			for (r = 0; r < nr; r++)
				if (strstr(err->msg, refusals[r].msg) &&
				    (refusals[r].mark == NULL || strstr(in, refusals[r].mark)))
					break;
			if (r == nr) {
				print_error("%s: valid YAML refused for no listed reason: %s\n",
				    names[k], err->msg);
				failures++;
			} else {
				refused_on_purpose++;
			}
		}
		if (err)
			assert_null(root);
		ynode_free(root);
		free(json);
		free(in);
		free(names[k]);
	}
	print_message("yaml-suite: %zu loaded (%zu equal to in.json), %zu refused on "
	    "purpose, %zu invalid rejected, %zu libyaml disagreements listed\n",
	    loaded, matched, refused_on_purpose, rejected, listed);
	assert_int_equal(failures, 0);
	/* A loader that refused everything would not get here. */
	assert_true(loaded >= 70);
	assert_true(matched >= 70);
	assert_int_equal(rejected + listed + loaded + refused_on_purpose, 402);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_case_agrees_with_the_suite),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
