/*
 * vocab-builtin.h — where the built-in values sit in their lists (vocab.c),
 * for tests that build filters and index records by hand.  test-vocab.c
 * checks these against the lists.
 */
#ifndef CSTK_TEST_VOCAB_BUILTIN_H
#define CSTK_TEST_VOCAB_BUILTIN_H

enum { PRIO_URGENT, PRIO_NORMAL, PRIO_LOW };
enum { CAT_INQUIRY, CAT_COMPLAINT, CAT_AFTERSALES, CAT_REQUEST };
enum { TIER_NEW, TIER_REGULAR, TIER_VIP };

#endif
