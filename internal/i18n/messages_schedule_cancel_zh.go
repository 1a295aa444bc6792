package i18n

// Messages of the page that confirms cancelling a visit.
func init() {
	Add(ZH, map[string]string{
		"schedule.cancel_confirm.title":    "确定取消这次上门吗?",
		"schedule.cancel_confirm.question": "确定取消 %[2]s 的%[1]s吗?",
		"schedule.cancel_confirm.hint":     "取消后这个时间会开放给其他商户;之后如有空闲时间,您可以重新预约。",
		"schedule.cancel_confirm.yes":      "确定取消",
		"schedule.cancel_confirm.no":       "不取消,保留预约",
	})
}
