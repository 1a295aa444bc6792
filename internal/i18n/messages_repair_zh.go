package i18n

// On-site repair visits booked for support tickets (§6 via §5).
func init() {
	Add(ZH, map[string]string{
		"repair.title":          "预约上门维修",
		"repair.heading":        "为工单 %s 预约上门维修",
		"repair.pick":           "选择上门时间",
		"repair.intro":          "由 %s 上门检修终端 %s;以下是该师傅在商户所在区域的空闲时间。",
		"repair.times_hint":     "维修上门按 1 小时预留,时间为北京时间。点一个时间即完成预约,工单随即转为处理中。",
		"repair.no_slots":       "该师傅近 14 天在商户所在区域没有空闲时间。请调整师傅的工作时间或服务区域,或将工单改派给其他师傅。",
		"repair.already_booked": "该工单已有一次待上门的维修预约;如需改期,请先取消原预约。",
		"repair.visits":         "上门维修",
		"repair.no_visits":      "尚未预约上门维修。",
		"repair.book":           "预约上门维修",
		"repair.back":           "返回工单",
		"repair.flash.booked":   "已预约上门维修,工单已转为处理中。",

		"scheduling.error.repair_no_profile": "被分派的安装师傅还没有可用的排班档案,请管理员先为其设置服务区域和工作时间。",
		"scheduling.error.repair_no_shop":    "该商户还没有审核通过的门店地址,无法安排上门维修。",
		"scheduling.error.repair_booked":     "该工单已有一次待上门的维修预约。",
	})
}
