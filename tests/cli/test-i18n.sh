#!/bin/bash
# The reader's language: with a Chinese locale, help, table headings,
# report labels and common errors come from the zh_CN catalog and tables
# show labels; CSV and JSON never change; the catalog covers every string
# marked for translation in src/.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
new_store
a=$(open_ticket --category complaint --priority urgent)
zh() { LC_ALL=zh_CN.UTF-8 "$CSTK" "$@" >"$T/out" 2>"$T/err" </dev/null; rc=$?; }

zh --help
has "help in Chinese" "$T/out" "用法：cstk [-d 目录]"
has "command summaries in Chinese" "$T/out" "登记新工单；输出其编号"
has "global options in Chinese" "$T/out" "全局选项（命令前后均可）"
zh list
has "table headings in Chinese" "$T/out" "编号              状态    优先级  类别"
has "labels in the table" "$T/out" "已分类  紧急    投诉"
zh list --format csv
has "CSV headings stay keys" "$T/out" "id,status,priority,category,assignee,due,customer,subject"
has "CSV values stay keys" "$T/out" ",classified,urgent,complaint,"
zh show CS-20990101-0001
eq "an error in Chinese: exit" "$rc" 4
has "an error in Chinese" "$T/err" "cstk: “$CSTK_DATA”中没有工单“CS-20990101-0001”"
zh close "$a" --satisfaction satisfied
eq "a refusal in Chinese: exit" "$rc" 3
has "a refusal in Chinese, with the status's label" "$T/err" "它处于“已分类”状态；请先分派：cstk assign $a"
zh close "$a" --reject x --duplicate-of nope
eq "every error is in the catalog: exit" "$rc" 2
has "every error is in the catalog" "$T/err" "cstk: --duplicate-of“nope”不是工单编号"
zh close --help
has "option help in Chinese" "$T/out" "客户未接听确认电话：记一次尝试"
has "help paragraphs in Chinese" "$T/out" "--resolution 把已分派的工单转为“已解决”"
zh report --format json
has "JSON keeps its keys" "$T/out" '"resolution_pct_by_priority":{"urgent":'
zh report
has "report headings in Chinese" "$T/out" "服务水平"
has "report labels in Chinese" "$T/out" "响应达标"
LC_ALL=C.UTF-8 "$CSTK" list >"$T/en"
has "English otherwise" "$T/en" "ID                STATUS      PRI     CATEGORY"
LANG=zh_TW.UTF-8 LC_ALL= "$CSTK" list >"$T/tw"
has "any zh locale, LANG alone" "$T/tw" "编号"

# Every string marked in src/ (the Makefile's XGETTEXT_KEYS: _, N_, ngettext,
# every error and check problem) has its translation.
if command -v xgettext >/dev/null && command -v msgcmp >/dev/null; then
	make -s -C "$ROOT" build/cstk.pot >/dev/null &&
	    msgcmp "$ROOT/data/po/zh_CN.po" "$ROOT/build/cstk.pot" 2>"$T/cmp" && pass ||
	    fail "data/po/zh_CN.po lacks strings marked in src/: $(head -3 "$T/cmp")"
	msgfmt --check -o /dev/null "$ROOT/data/po/zh_CN.po" 2>"$T/fmt" && pass ||
	    fail "data/po/zh_CN.po: $(head -3 "$T/fmt")"
elif [ -n "${CI:-}" ]; then
	fail "xgettext and msgcmp (Debian: gettext) are needed to check the catalog"
else
	echo "test-i18n: catalog coverage skipped: no xgettext/msgcmp (apt-get install gettext)" >&2
fi
finish
