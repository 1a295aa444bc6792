package i18n

// Messages for a visit asked for outside the installers' working hours.
func init() {
	Add(ZH, map[string]string{
		"scheduling.error.outside_hours":       "这个时间不在工作时间内(当天为 %s);本次上门约需 %d 分钟,开始和结束都须在工作时间内。",
		"scheduling.field.start_outside_hours": "不在工作时间内:当天上门时间为 %s,本次上门约需 %d 分钟。",
		"scheduling.field.start_day_off":       "当天没有服务您所在区域的安装师傅上班,请从可选时间中另选一天。",
	})
}
