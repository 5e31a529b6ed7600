/*
 * i18n.h — the language people read.  With a Chinese locale (LC_ALL,
 * LC_MESSAGES or LANG starting with "zh"), messages, help and table
 * headings come from the zh_CN gettext catalog (data/po/zh_CN.po), and
 * tables show the team's labels (vocab.h) unless cstk.yaml says
 * `display: keys`.  CSV and JSON never change with the locale.
 */
#ifndef CSTK_I18N_H
#define CSTK_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)	/* marked for the catalog, translated where it is used */

/* Reads the locale and finds the catalog: installed, or beside the binary
 * in the build tree (build/locale). */
void i18n_init(void);
/* Is the reader's language Chinese? */
int i18n_chinese(void);

#endif
