/*
 * value.h — is this text a good value for that field?  Shared by the
 * command line (open, update --set) and import, so both refuse the same
 * things with the same words.  `what` names the value in messages
 * ("--phone", "column 'phone'").
 */
#ifndef CSTK_VALUE_H
#define CSTK_VALUE_H

#include <stddef.h>

#include "error.h"
#include "ticket.h"

#define VALUE_MAX_TEXT (64 * 1024)

/* Well-formed UTF-8, no control characters (newlines only if multiline),
 * at most VALUE_MAX_TEXT bytes. */
const struct error *value_text(const char *what, const char *s, size_t len,
    int multiline);
/* Check `value` for field `f`; on success *canon is what is stored
 * (English for enumerations), owned by the caller. */
const struct error *value_for_field(const struct field *f, const char *what,
    const char *value, char **canon);

#endif
