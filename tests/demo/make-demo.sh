#!/bin/bash
# make-demo.sh CSTK DIR — build the demo store: six weeks of a customer-
# service team (2026-10-10 .. 2026-11-20), about 300 tickets, through
# cstk's own commands with CSTK_NOW.  Deterministic: the same cstk gives
# the same files, byte for byte (tests/cli/test-demo.sh checks it).
#
# Each ticket lives out its lifecycle from the moment it is opened; a step
# whose time is after the demo's "now" (2026-11-20 17:30 +08:00) is not
# taken, so recent tickets wait in every status.
set -euo pipefail
CSTK=${1:?usage: make-demo.sh CSTK DIR}
DIR=${2:?usage: make-demo.sh CSTK DIR}
export TZ=UTC LC_ALL=C.UTF-8 CSTK_LOCK_TIMEOUT=30
unset CSTK_DATA NO_COLOR

START=$(( $(date -u -d 2026-10-10 +%s) - 8 * 3600 ))	# 00:00 +08:00
NOW=$(( $(date -u -d 2026-11-20T09:30:00 +%s) ))		# 17:30 +08:00
DAYS=42

rm -rf "$DIR"
"$CSTK" init "$DIR" >/dev/null
# The team's own policy (SPEC §9): a 特急 level above urgent, a working
# calendar with a lunch break and the National Day holidays, one deadline
# rule in working days, its own channel and module words, labels shown.
sed -i 's/^#  critical: /  critical: /' "$DIR/cstk.yaml"
grep -q '^  critical: ' "$DIR/cstk.yaml" || { echo "make-demo: no critical level" >&2; exit 1; }
cat >>"$DIR/cstk.yaml" <<'EOF'

# The demo team's own words, calendar and rule (see cstk(1), FILES).
display: labels
channels:
  wechat: {label: 微信, aliases: [公众号]}
modules:
  logistics: {label: 物流, aliases: [快递, 快遞]}
  payment: {label: 支付}
  hardware: {label: 硬件}
  service: {label: 服务}
  invoice: {label: 发票, aliases: [發票]}
  app: {label: App}
  order: {label: 订单}
  membership: {label: 会员}
  quality: {label: 质量}
  return: {label: 退货}
  product: {label: 产品}
  promotion: {label: 促销}
satisfaction:
  neutral: {aliases: [基本满意, 基本滿意]}
calendar:
  week: {mon: "09:00-12:00,13:30-18:00", tue: "09:00-12:00,13:30-18:00",
         wed: "09:00-12:00,13:30-18:00", thu: "09:00-12:00,13:30-18:00",
         fri: "09:00-12:00,13:30-18:00", sat: "10:00-16:00"}
  holidays: ["2026-10-01..2026-10-07"]
  workdays: ["2026-10-10"]
deadlines:
  - {when: {category: complaint, tier: vip}, response: 30m, resolution: 1bd}
EOF

# --- a small deterministic generator (LCG) ---
seed=20261120
rnd() {	# rnd N -> r in [0, N)
	seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
	r=$(( (seed / 65536) % $1 ))
}
pick() {	# pick ARRAY_NAME -> p
	local -n arr=$1
	rnd ${#arr[@]}
	p=${arr[$r]}
}
stamp() {	# stamp EPOCH -> s (RFC 3339 at +08:00)
	printf -v s '%(%Y-%m-%dT%H:%M:%S)T+08:00' $(( $1 + 8 * 3600 ))
}
# at EPOCH CMD...: run cstk as of EPOCH, unless that is after NOW.
at() {
	local t=$1
	shift
	[ "$t" -le "$NOW" ] || return 1
	stamp "$t"
	CSTK_NOW=$s "$CSTK" -d "$DIR" "$@" >/dev/null
}

surnames=(王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹)
given=(丽 伟 芳 娜 敏 静 强 磊 洋 艳 勇 军 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 建华 海燕 子轩 欣怡 浩然 梓涵 晓东 雨萱)
products=(智能手环 蓝牙耳机 扫地机器人 空气净化器 电动牙刷 智能手表 儿童手表 咖啡机 加湿器 移动电源)
channels=(phone phone phone phone phone phone phone chat chat chat chat chat chat app app app email email web wechat walk-in)
frontline=(chen li wang)
supervisors=(zhang zhao)
aftersales=(liu sun)
product=(zhou)

# Customers: 90 people, some of whom call more than once.
declare -a cname cphone ctier cid lastid
for i in $(seq 0 89); do
	pick surnames; n=$p; pick given; cname[i]="$n$p"
	rnd 100000000; cphone[i]=$(printf '13%d%08d' $(( i % 10 )) "$r")
	rnd 100
	if [ "$r" -lt 15 ]; then ctier[i]=vip; elif [ "$r" -lt 70 ]; then ctier[i]=regular; else ctier[i]=new; fi
	cid[i]=$(printf 'C%05d' $(( 10000 + i * 37 )))
done

# Situations: category|module|priority|subject|description|expectation|plan|resolution|responsibility|compensation|note
situations=(
"complaint|logistics|urgent|下单3天未发货|客户3天前下单，订单一直显示“待发货”，客服此前答复24小时内发出，至今未发。|尽快发货，给个说法|联系仓库加急出库，安抚客户|仓库漏单，已加急发出并提供单号|merchant|10元无门槛券|仓库回复今天下午出库"
"complaint|logistics|normal|快递显示已签收但没收到|物流信息显示昨天已签收，客户本人和家人都没有收到，门卫处也没有。|找到包裹或重新发货|联系快递网点核实签收人|快递员误投至邻居，已取回送达|logistics|5元运费券|网点答复在查监控"
"after-sales|hardware|normal|智能手环无法开机|使用两周后手环充电无反应，换了充电线也不行，指示灯不亮。|换新或维修|指导重置，无效则寄回检测|检测为电池故障，已换新寄出|merchant||已发送寄修地址"
"after-sales|hardware|normal|蓝牙耳机左耳没有声音|左耳连接正常但没有声音，右耳正常，重新配对后依旧。|维修或换货|远程排查后安排换货|已安排换货，旧机上门取件|merchant||客户已按指引重置"
"complaint|payment|urgent|退款申请7天未到账|客户7天前申请退款并已审核通过，银行卡至今未收到款项，多次催促未果。|马上退款|核实退款单状态，联系财务|财务漏处理，已原路退回，预计1个工作日到账|platform|20元无门槛券|财务确认今天重新发起"
"complaint|service|urgent|客服态度恶劣|客户反映昨天咨询时在线客服回复敷衍，并说“爱买不买”，要求道歉。|道歉并处理相关客服|调取聊天记录，联系当事客服主管|已核实，当事客服已培训并致电道歉|platform|30元无门槛券|已调取聊天记录"
"after-sales|invoice|normal|发票抬头开错|公司报销需要专票，收到的发票抬头写成了个人姓名。|重开发票|作废原票，按提供信息重开|已作废原票并重开电子专票|merchant||已收到客户提供的开票信息"
"inquiry|invoice|low|电子发票没收到|订单完成一周，没有收到电子发票邮件，垃圾箱也找过了。|补发发票|查询开票状态并重发|已重新发送至客户邮箱|platform||"
"request|app|low|希望App支持夜间模式|客户晚上使用App觉得太亮，希望增加深色模式。|增加夜间模式|记录需求，转产品评估|已录入需求池，计划下季度评估|||产品已回复收到"
"request|payment|low|希望支持分期付款|购买大件商品希望能分期，目前结算页没有分期选项。|支持分期|转产品与支付团队评估|已反馈，部分商品下月支持分期|||"
"inquiry|order|normal|如何修改收货地址|订单已提交但还没发货，客户搬家需要改地址。|修改地址|指导客户在订单页修改，或代为修改|已代客户修改地址|customer||"
"inquiry|membership|low|会员积分没有到账|确认收货后10天积分仍未到账，会员页面显示0。|补发积分|核实订单积分规则|积分周期为15天，已说明并手动补发|platform||"
"complaint|quality|normal|商品与描述不符|收到的空气净化器颜色和型号与页面描述不一致，滤网也不是宣传的H13。|退货退款|核实批次，安排退货|已安排上门取件，退款已发起|merchant|15元无门槛券|商家承认发错批次"
"after-sales|hardware|critical|扫地机器人充电异常发烫|充电时底座明显发烫，有焦味，客户担心安全。|立即处理，换新|建议停止使用，优先换新|已加急换新，旧机回收检测|merchant|50元无门槛券|已提醒客户断电停用"
"inquiry|promotion|low|优惠券无法使用|结算时提示优惠券不满足使用条件，但订单金额已满。|能用上券|核实券的适用范围|该券不适用于特价商品，已另发一张通用券|customer|5元无门槛券|"
"complaint|logistics|normal|配送员未送货上门|配送员未联系直接放在驿站，客户腿脚不便无法去取。|送货上门|联系配送站重新派送|已重新派送上门，配送员已被提醒|logistics||配送站答复明天上午送"
"after-sales|return|normal|七天无理由退货被拒|客户在7天内申请退货，被系统以“已拆封”为由拒绝。|同意退货|核实商品状态及退货规则|核实包装完好，已同意退货|merchant||"
"inquiry|product|low|咖啡机怎么除垢|客户想知道除垢的步骤和推荐的除垢剂。|使用指导|发送除垢教程|已发送图文教程并答疑|||"
)

# Each day opens a few tickets, more on weekdays.
n_open=0
for day in $(seq 0 $(( DAYS - 1 ))); do
	d0=$(( START + day * 86400 ))
	dow=$(( (day + 5) % 7 ))	# 2026-10-10 is a Saturday; 0 = Monday
	if [ "$dow" -ge 5 ]; then rnd 4; count=$(( 4 + r )); else rnd 5; count=$(( 7 + r )); fi
	for k in $(seq 1 "$count"); do
		rnd 690; t0=$(( d0 + 8 * 3600 + 1800 + r * 60 ))	# 08:30 .. 20:00
		[ "$t0" -le "$NOW" ] || continue
		rnd 90; c=$r
		# Repeat callers: a quarter of tickets come from the first 20 customers.
		rnd 4; [ "$r" -eq 0 ] && { rnd 20; c=$r; }
		pick situations
		IFS='|' read -r cat mod pri subj desc expect plan reso resp comp note <<<"$p"
		pick products; prod=$p
		pick channels; ch=$p
		pick frontline; opener=$p
		args=(open --customer "${cname[c]}" --phone "${cphone[c]}" --tier "${ctier[c]}"
		    --customer-id "${cid[c]}" --channel "$ch" --subject "$subj" --product "$prod"
		    --description "$desc" --expect "$expect")
		rnd 100000; args+=(--order "2026$(printf '%02d%02d' $(( 10 + day / 30 )) $(( day % 28 + 1 )))$(printf '%05d' "$r")")
		rnd 3; early=$r
		if [ "$early" -eq 0 ]; then args+=(--category "$cat" --priority "$pri" --module "$mod"); fi
		stamp "$t0"
		id=$(CSTK_NOW=$s "$CSTK" -d "$DIR" --by "$opener" "${args[@]}")
		n_open=$((n_open + 1))
		prev=${lastid[c]:-}
		lastid[c]=$id
		t=$t0
		# classify
		rnd 30; t=$(( t + 300 + r * 60 ))
		rnd 100; [ "$r" -lt 8 ] && { rnd 20; t=$(( t + 7200 + r * 3600 )); }	# a backlog
		if [ "$early" -ne 0 ]; then at "$t" --by "$opener" classify "$id" --category "$cat" --priority "$pri" --module "$mod" || continue; fi
		# a few are rejected: duplicates, invalid complaints
		# (a repeat caller's second ticket on the same day is a duplicate)
		rnd 100
		if [ -n "$prev" ] && [ "${prev:3:8}" = "${id:3:8}" ] && [ "$r" -lt 50 ]; then
			at $(( t + 3600 )) --by zhang close "$id" --reject "重复工单，已在其他工单处理" \
			    --duplicate-of "$prev" || true
			continue
		fi
		if [ "$r" -lt 4 ]; then
			rnd 2; [ "$r" -eq 0 ] && why="重复工单，已在其他工单处理" || why="经核实非平台责任，已向客户说明"
			at $(( t + 3600 )) --by zhang close "$id" --reject "$why" || true
			continue
		fi
		# assign: a third to the team's least-loaded member, the rest by hand
		rnd 60; t=$(( t + 300 + r * 60 ))
		case $cat in inquiry) team=frontline ;; complaint) team=supervisors ;;
		after-sales) team=aftersales ;; *) team=product ;; esac
		rnd 3
		if [ "$r" -eq 0 ]; then to=(); else pick "$team"; to=(--to "$p"); fi
		at "$t" --by zhang assign "$id" "${to[@]}" || continue
		# first contact: urgent fast, others within a day; some late
		if [ "$pri" = critical ]; then rnd 10; t=$(( t + 300 + r * 60 ));
		elif [ "$pri" = urgent ]; then rnd 100; t=$(( t + 600 + r * 60 )); else rnd 30; t=$(( t + 1800 + r * 1800 )); fi
		rnd 100; [ "$r" -lt 6 ] && { rnd 40; t=$(( t + 86400 + r * 3600 )); }	# forgotten
		at "$t" --by "$opener" update "$id" --contact "已联系客户，说明处理进度" || continue
		[ -n "$note" ] && { rnd 4; t=$(( t + 1800 + r * 3600 )); at "$t" --by "$opener" update "$id" --note "$note" || continue; }
		at $(( t + 600 )) --by "$opener" update "$id" --plan "$plan" || continue
		rnd 100
		if [ "$cat" = complaint ] && [ "$r" -lt 25 ]; then
			at $(( t + 1800 )) --by "$opener" update "$id" --escalate --to zhao --reason "客户要求升级处理" || continue
		fi
		# resolution: urgent within hours, others a day or two (some late)
		if [ "$pri" = urgent ] || [ "$pri" = critical ]; then rnd 20; t=$(( t + 3600 + r * 1800 )); else rnd 90; t=$(( t + 7200 + r * 3600 )); fi
		rargs=(close "$id" --resolution "$reso")
		[ -n "$resp" ] && rargs+=(--responsibility "$resp")
		[ -n "$comp" ] && rargs+=(--compensation "$comp")
		at "$t" --by "$opener" "${rargs[@]}" || continue
		# confirmation: sometimes unsatisfied -> second round
		rnd 24; t=$(( t + 3600 + r * 3600 ))
		rnd 100
		if [ "$r" -lt 10 ]; then
			at "$t" --by "$opener" close "$id" --satisfaction unsatisfied --comment "问题没有真正解决" || continue
			rnd 24; t=$(( t + 7200 + r * 3600 ))
			at "$t" --by "$opener" close "$id" --resolution "二次处理：$reso" || continue
			rnd 24; t=$(( t + 3600 + r * 3600 ))
		fi
		# some customers never answer: three calls, then unconfirmed
		rnd 100
		if [ "$r" -lt 6 ]; then
			for try in 1 2 3; do
				at "$t" --by "$opener" close "$id" --no-answer || continue 2
				t=$(( t + 86400 ))
			done
			at "$t" --by "$opener" close "$id" --unconfirmed --comment "三次致电无人接听" || continue
			continue
		fi
		rnd 100
		if [ "$r" -lt 70 ]; then sat=satisfied; elif [ "$r" -lt 92 ]; then sat=neutral; else sat=unsatisfied; fi
		if [ "$sat" = unsatisfied ]; then sat=neutral; fi
		at "$t" --by "$opener" close "$id" --satisfaction "$sat" || continue
		# a few call back after the archiving: reopened for another round
		if [ -f "$DIR/archive/${id:3:4}-${id:7:2}/$id.yaml" ]; then
			rnd 100
			if [ "$r" -lt 4 ]; then
				rnd 4; t=$(( t + 86400 + r * 86400 ))
				at "$t" --by "$opener" reopen "$id" --reason "客户来电：问题再次出现" || continue
				rnd 24; t=$(( t + 3600 + r * 3600 ))
				at "$t" --by "$opener" close "$id" --resolution "再次处理：$reso" --satisfaction satisfied || continue
			fi
			continue
		fi
		# revisit (only those in follow-up accept it)
		grep -q '^status: follow-up$' "$DIR/tickets/$id.yaml" 2>/dev/null || continue
		rnd 16; t=$(( t + 86400 + r * 43200 ))
		rnd 100
		if [ "$r" -lt 15 ]; then
			stamp $(( t + 86400 )); next=$s
			at "$t" --by "$opener" revisit "$id" --no-answer --next "$next" || continue
			t=$(( t + 86400 ))
		fi
		rnd 100
		if [ "$r" -lt 8 ]; then
			at "$t" --by "$opener" revisit "$id" --satisfaction unsatisfied --result "回访时客户表示问题复现" || continue
			rnd 24; t=$(( t + 7200 + r * 3600 ))
			at "$t" --by "$opener" close "$id" --resolution "复现后更换新品" --satisfaction satisfied || continue
			rnd 3; t=$(( t + 86400 + r * 86400 ))
			at "$t" --by "$opener" revisit "$id" --satisfaction satisfied --result "新品使用正常" || continue
		else
			rnd 100; [ "$r" -lt 80 ] && sat=satisfied || sat=neutral
			at "$t" --by "$opener" revisit "$id" --satisfaction "$sat" --result "客户表示问题已解决" || continue
		fi
	done
done
# The call that just came in: still in intake at "now".
stamp $(( NOW - 600 ))
CSTK_NOW=$s "$CSTK" -d "$DIR" --by li open --customer "${cname[3]}" --phone "${cphone[3]}" \
    --tier "${ctier[3]}" --customer-id "${cid[3]}" --channel phone --subject "咨询退货运费谁承担" \
    --product 蓝牙耳机 --description "客户想退货，问运费由谁承担、多久退款。" >/dev/null
n_open=$((n_open + 1))
echo "demo: $n_open tickets in $DIR" >&2
