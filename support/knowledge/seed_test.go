package knowledge

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// seedChecklist is every cause, remedy and upgrade step the seed document
// names, each with the phrase it is quoted from. Causes (hw., sw., ext., hu.)
// and remedies (fix.) must be carried by a reachable diagnosis; upgrade
// steps (upg.) by a reachable question.
var seedChecklist = []struct{ ref, phrase string }{
	// 硬件问题 / 硬件故障
	{"hw.incompatible", "POS机硬件与新版软件不兼容"},
	{"hw.part_damaged", "打印机、扫码器、键盘等部件损坏"},
	{"hw.loose_contact", "POS机内部线路连接松动或损坏"},
	{"hw.chip", "磁条读写失败或芯片烧坏"},
	{"hw.mainboard", "主板上的电路出现问题"},
	// 软件问题
	{"sw.bug", "新系统存在BUG"},
	{"sw.incomplete_install", "软件升级不完全或安装错误"},
	{"sw.config_error", "系统配置错误"},
	{"sw.config_error.network", "网络设置"},
	{"sw.config_error.account", "账户设置"},
	{"sw.crash", "操作系统出现错误或被恶意软件感染导致崩溃"},
	{"sw.data_loss", "数据备份不完整或升级过程出现意外导致数据丢失"},
	{"sw.compat", "新升级的POS机软件与现有硬件或旧版软件存在不兼容"},
	// 外部因素
	{"ext.network", "网络中断、网络延迟"},
	{"ext.backend", "银行或支付机构后台系统故障"},
	{"ext.policy", "新的支付规定或业务调整导致原有功能受限"},
	// 人为因素
	{"hu.misoperation", "用户不熟悉POS机的操作流程"},
	{"hu.ignored_notice", "用户未能及时关注升级通知或忽略升级提示"},
	{"hu.no_support", "没有得到及时有效的技术支持"},
	// 解决方案: 硬件
	{"fix.hw.replace_terminal", "更换支持新系统的POS机"},
	{"fix.hw.replace_part", "如有损坏需及时更换"},
	{"fix.hw.repair", "如有问题需及时更换或维修"},
	{"fix.hw.check_lines", "仔细检查POS机的物理线路连接"},
	{"fix.hw.replace_accessory", "应更换新的配件以确保信号传输稳定"},
	{"fix.hw.professional_inspection", "请专业技术人员对POS机进行全面检测"},
	// 解决方案: 软件
	{"fix.sw.report_bug", "反馈新系统存在的问题,等待修复"},
	{"fix.sw.reinstall_package", "重新下载并安装升级包"},
	{"fix.sw.check_config", "检查系统配置"},
	{"fix.sw.adjust_version", "尝试更新或调整软件版本"},
	{"fix.sw.data_recovery", "应立即停止使用POS机,并联系供应商寻求数据恢复服务"},
	{"fix.sw.reinstall_os", "重新安装操作系统"},
	{"fix.sw.compat_solution", "应联系供应商寻求解决方案"},
	// 解决方案: 外部因素
	{"fix.ext.check_network", "确保网络稳定后再进行交易"},
	{"fix.ext.stable_transmission", "确保数据传输无误"},
	{"fix.ext.contact_provider", "了解后台系统状况,等待修复"},
	{"fix.ext.adapt_policy", "了解并适应新的政策规定"},
	// 解决方案: 人为因素
	{"fix.hu.training", "提供POS机操作和维护的专业培训"},
	{"fix.hu.fast_response", "建立快速响应的客户服务机制"},
	{"fix.hu.tech_support", "提供在线客服或现场技术支持"},
	{"fix.hu.follow_notices", "定期关注银行或支付机构的公告"},
	// 升级流程
	{"upg.receive_notice", "接收升级通知"},
	{"upg.download", "下载升级包"},
	{"upg.install", "安装升级包"},
	{"upg.verify", "验证升级成功与否"},
}

// seedRemedies pairs each seed cause with the remedies the seed gives for
// it: one reachable diagnosis must carry the cause and all its remedies.
var seedRemedies = map[string][]string{
	"hw.incompatible":         {"fix.hw.replace_terminal"},
	"hw.part_damaged":         {"fix.hw.replace_part", "fix.hw.replace_accessory"},
	"hw.loose_contact":        {"fix.hw.check_lines", "fix.hw.professional_inspection"},
	"hw.chip":                 {"fix.hw.professional_inspection"},
	"hw.mainboard":            {"fix.hw.professional_inspection", "fix.hw.repair"},
	"sw.bug":                  {"fix.sw.report_bug"},
	"sw.incomplete_install":   {"fix.sw.reinstall_package"},
	"sw.config_error.network": {"fix.sw.check_config"},
	"sw.config_error.account": {"fix.sw.check_config"},
	"sw.crash":                {"fix.sw.reinstall_os"},
	"sw.data_loss":            {"fix.sw.data_recovery"},
	"sw.compat":               {"fix.sw.compat_solution", "fix.sw.adjust_version"},
	"ext.network":             {"fix.ext.check_network", "fix.ext.stable_transmission"},
	"ext.backend":             {"fix.ext.contact_provider"},
	"ext.policy":              {"fix.ext.adapt_policy"},
	"hu.misoperation":         {"fix.hu.training"},
	"hu.ignored_notice":       {"fix.hu.follow_notices"},
	"hu.no_support":           {"fix.hu.tech_support", "fix.hu.fast_response"},
}

// reachableRefs collects the seed refs of the nodes a merchant can reach.
func reachableRefs(t *testing.T) (diagnoses map[string][]*Diagnosis, questions map[string]bool) {
	t.Helper()
	tree := mustLoad(t)
	diagnoses, questions = map[string][]*Diagnosis{}, map[string]bool{}
	seen := map[string]bool{}
	for _, p := range allPaths(t, tree) {
		for _, id := range p.questions {
			n, _ := tree.Node(id)
			for _, r := range n.(*Question).SeedRefs {
				questions[r] = true
			}
		}
		if seen[p.end.ID] {
			continue
		}
		seen[p.end.ID] = true
		for _, r := range p.end.SeedRefs {
			diagnoses[r] = append(diagnoses[r], p.end)
		}
	}
	return diagnoses, questions
}

func TestSeedChecklistIsCovered(t *testing.T) {
	diagnoses, questions := reachableRefs(t)
	for _, item := range seedChecklist {
		if strings.HasPrefix(item.ref, "upg.") {
			if !questions[item.ref] {
				t.Errorf("upgrade step %s (%s) is asked by no reachable question", item.ref, item.phrase)
			}
			continue
		}
		if len(diagnoses[item.ref]) == 0 {
			t.Errorf("seed %s (%s) is carried by no reachable diagnosis", item.ref, item.phrase)
		}
	}
}

func TestSeedRemediesMatchTheirCauses(t *testing.T) {
	diagnoses, _ := reachableRefs(t)
	for cause, remedies := range seedRemedies {
		ok := slices.ContainsFunc(diagnoses[cause], func(d *Diagnosis) bool {
			for _, r := range remedies {
				if !slices.Contains(d.SeedRefs, r) {
					return false
				}
			}
			return true
		})
		if !ok {
			t.Errorf("no reachable diagnosis carries %s together with its remedies %v", cause, remedies)
		}
	}
}

func TestSeedRefsAreInTheChecklist(t *testing.T) {
	known := map[string]bool{}
	for _, item := range seedChecklist {
		known[item.ref] = true
	}
	for cause, remedies := range seedRemedies {
		for _, r := range append([]string{cause}, remedies...) {
			if !known[r] {
				t.Errorf("seedRemedies names %s, which the checklist lacks", r)
			}
		}
	}
	tree := mustLoad(t)
	for id, n := range tree.nodes {
		var refs []string
		switch n := n.(type) {
		case *Question:
			refs = n.SeedRefs
		case *Diagnosis:
			refs = n.SeedRefs
		}
		for _, r := range refs {
			if !known[r] {
				t.Errorf("%s carries seed ref %s, which is not in the checklist", id, r)
			}
		}
	}
}

// The checklist quotes the seed verbatim. The seed lives outside the module
// (../shared/seed, or $POSPORTAL_SEED_DIR); without it the test is skipped.
func TestSeedChecklistQuotesTheSeed(t *testing.T) {
	dir := os.Getenv("POSPORTAL_SEED_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "seed")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		t.Skipf("seed document not found in %s", dir)
	}
	var seed strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		seed.Write(b)
	}
	for _, item := range seedChecklist {
		if !strings.Contains(seed.String(), item.phrase) {
			t.Errorf("%s: phrase %q is not in the seed", item.ref, item.phrase)
		}
	}
}
