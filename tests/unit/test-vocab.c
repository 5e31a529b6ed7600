/* test-vocab.c — the built-in values, lookups by any word, labels shown. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "policy.h"
#include "vocab.h"
#include "vocab-builtin.h"

/* The positions tests rely on (vocab-builtin.h) are the lists' own. */
static void
builtin_positions(void **state)
{
	(void)state;
	assert_int_equal(enum_lookup(vocab(V_PRIORITY), "urgent"), PRIO_URGENT);
	assert_int_equal(enum_lookup(vocab(V_PRIORITY), "normal"), PRIO_NORMAL);
	assert_int_equal(enum_lookup(vocab(V_PRIORITY), "low"), PRIO_LOW);
	assert_int_equal(enum_lookup(vocab(V_CATEGORY), "inquiry"), CAT_INQUIRY);
	assert_int_equal(enum_lookup(vocab(V_CATEGORY), "complaint"), CAT_COMPLAINT);
	assert_int_equal(enum_lookup(vocab(V_CATEGORY), "after-sales"), CAT_AFTERSALES);
	assert_int_equal(enum_lookup(vocab(V_CATEGORY), "request"), CAT_REQUEST);
	assert_int_equal(enum_lookup(vocab(V_TIER), "new"), TIER_NEW);
	assert_int_equal(enum_lookup(vocab(V_TIER), "regular"), TIER_REGULAR);
	assert_int_equal(enum_lookup(vocab(V_TIER), "vip"), TIER_VIP);
	assert_int_equal(enum_lookup(vocab(V_SATISFACTION), "satisfied"), SAT_SATISFIED);
	assert_int_equal(enum_lookup(vocab(V_SATISFACTION), "unsatisfied"), SAT_UNSATISFIED);
	assert_int_equal(enum_lookup(vocab(V_STATUS), "follow-up"), ST_FOLLOWUP);
	assert_int_equal(vocab(V_MODULE)->n, 0);
	assert_true(vocab(V_MODULE)->open);
}

/* Keys in any case, labels and aliases in both scripts. */
static void
any_word_names_its_value(void **state)
{
	const struct enum_def *c = vocab(V_CATEGORY), *ch = vocab(V_CHANNEL);

	(void)state;
	assert_string_equal(enum_parse(c, "Complaint"), "complaint");
	assert_string_equal(enum_parse(c, "投诉"), "complaint");
	assert_string_equal(enum_parse(c, "投訴"), "complaint");
	assert_string_equal(enum_parse(c, "售後"), "after-sales");
	assert_string_equal(enum_parse(ch, "電話"), "phone");
	assert_string_equal(enum_parse(ch, "app"), "app");
	assert_string_equal(enum_parse(vocab(V_TIER), "VIP客户"), "vip");
	assert_string_equal(enum_parse(vocab(V_PRIORITY), "緊急"), "urgent");
	assert_null(enum_parse(c, "投"));
	assert_null(enum_parse(c, ""));
	assert_null(enum_parse(c, NULL));
	assert_string_equal(vocab_key(V_PRIORITY, 0), "urgent");
	assert_null(vocab_key(V_PRIORITY, 3));
	assert_null(vocab_key(V_PRIORITY, -1));
}

/* The built-in lists give no word to two values: a policy naming none
 * loads (the clash check runs on the built-in lists too). */
static void
builtin_words_are_distinct(void **state)
{
	struct policy p;
	const char *t = "id_prefix: CS\n";

	(void)state;
	assert_null(policy_load_buf(&p, t, strlen(t), "cstk.yaml"));
	for (int id = 0; id < V_COUNT; id++) {
		const struct enum_def *e = vocab_builtin((enum vocab_id)id);
		assert_int_equal(p.vocab[id].n, e->n);
		for (int i = 0; i < e->n; i++)
			assert_int_equal(enum_lookup(e, e->v[i].label), i);
	}
	policy_release(&p);
}

static void
labels_are_shown_when_asked(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_string_equal(vocab_show(V_PRIORITY, "urgent"), "urgent");
	vocab_show_labels(1);
	assert_string_equal(vocab_show(V_PRIORITY, "urgent"), "紧急");
	assert_string_equal(vocab_show(V_PRIORITY, "unknown"), "unknown");
	assert_null(vocab_show(V_PRIORITY, NULL));
	vocab_show_labels(0);
	enum_describe(vocab(V_PRIORITY), &sb);
	assert_string_equal(sb.buf, "urgent (紧急), normal (一般), low (低优先级)");
	sb_release(&sb);
}

/* The index stores indices: another list of keys is another fingerprint. */
static void
fingerprint_follows_the_keys(void **state)
{
	struct policy p;
	uint64_t builtin = vocab_fingerprint(), more, relabeled;
	const char *t1 = "channels: {wechat: {label: 微信}}\n";
	const char *t2 = "channels: {phone: {label: 座机}}\n";

	(void)state;
	assert_null(policy_load_buf(&p, t1, strlen(t1), "cstk.yaml"));
	more = vocab_fingerprint();
	policy_release(&p);
	assert_null(policy_load_buf(&p, t2, strlen(t2), "cstk.yaml"));
	relabeled = vocab_fingerprint();
	policy_release(&p);
	assert_true(more != builtin);
	assert_true(relabeled == builtin);	/* labels are not stored */
	assert_true(vocab_fingerprint() == builtin);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builtin_positions),
		cmocka_unit_test(any_word_names_its_value),
		cmocka_unit_test(builtin_words_are_distinct),
		cmocka_unit_test(labels_are_shown_when_asked),
		cmocka_unit_test(fingerprint_follows_the_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
