package upload

import "posportal/internal/i18n"

// The messages of the errors this package returns to users.
func init() {
	i18n.Add(i18n.ZH, map[string]string{
		"upload.malformed":    "上传请求不完整或格式不正确，请重新选择文件后再提交。",
		"upload.missing_file": "请选择要上传的文件。",
	})
	i18n.Add(i18n.EN, map[string]string{
		"upload.malformed":    "The upload was incomplete or malformed; choose the file again and resubmit.",
		"upload.missing_file": "Choose a file to upload.",
	})
}
