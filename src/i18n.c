/* i18n.c — the reader's language and the message catalog; see i18n.h. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static const char *
wanted(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return "";
}

int
i18n_chinese(void)
{
	return strncmp(wanted(), "zh", 2) == 0;
}

void
i18n_init(void)
{
	const char *dir = LOCALEDIR;

	if (!i18n_chinese())
		return;		/* English: the strings as written */
	/* A Chinese locale that is not installed (a minimal Debian has only
	 * C.UTF-8): the catalog is UTF-8 and chosen by LANGUAGE. */
	if (setlocale(LC_MESSAGES, "") == NULL) {
		setlocale(LC_MESSAGES, "C.UTF-8");
		setenv("LANGUAGE", "zh_CN", 0);
	}
#ifdef BUILD_LOCALEDIR
	{
		/* Run from the build tree, before `make install`. */
		struct stat st;
		if (stat(BUILD_LOCALEDIR "/zh_CN/LC_MESSAGES/cstk.mo", &st) == 0)
			dir = BUILD_LOCALEDIR;
	}
#endif
	bindtextdomain("cstk", dir);
	bind_textdomain_codeset("cstk", "UTF-8");
	textdomain("cstk");
}
