package i18n

// Names of audit actions on the admin dashboard that earlier message files
// did not cover; every action a package declares with audit.Register has one.
func init() {
	Add(ZH, map[string]string{
		"audit.action.application.withdraw":              "撤回申请",
		"audit.action.application.claim":                 "领取申请审核",
		"audit.action.application.release":               "退回审核队列",
		"audit.action.application.request_info":          "要求商户补充材料",
		"audit.action.application.approve_first":         "初审通过(待复核)",
		"audit.action.application.sign_contract":         "合同已签署,申请进入下一步",
		"audit.action.application.book_installation":     "已预约安装,申请进入下一步",
		"audit.action.application.cancel_installation":   "安装已取消,申请退回上一步",
		"audit.action.application.complete_installation": "安装完成",
		"audit.action.application.complete_training":     "培训完成",
		"audit.action.document.delete":                   "删除材料",
		"audit.action.document.verdict":                  "审核材料",
		"audit.action.requirement.set":                   "修改材料要求",
		"audit.action.scheduling.appointment.book":       "预约上门",
		"audit.action.scheduling.appointment.reschedule": "上门改期",
		"audit.action.scheduling.appointment.cancel":     "取消上门预约",
		"audit.action.scheduling.appointment.complete":   "上门服务完成",
		"audit.action.scheduling.feed.rotate":            "更换日历订阅链接",
		"audit.action.scheduling.installer.save":         "保存安装师傅档案",
		"audit.action.scheduling.installer.availability": "修改安装师傅工作时间",
		"audit.action.scheduling.training.create":        "新建培训场次",
		"audit.action.scheduling.training.book":          "报名培训",
		"audit.action.scheduling.training.attended":      "登记培训出勤",
		"audit.action.support.ticket.repair_booked":      "为工单预约上门维修",
	})
}
