package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/scheduling"
)

// ShanghaiDistricts and BeijingDistricts are the 16 districts of each
// municipality, named as merchants write them.
var (
	ShanghaiDistricts = []string{"黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区",
		"宝山区", "嘉定区", "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区"}
	BeijingDistricts = []string{"东城区", "西城区", "朝阳区", "丰台区", "石景山区", "海淀区", "门头沟区", "房山区",
		"通州区", "顺义区", "昌平区", "大兴区", "怀柔区", "平谷区", "密云区", "延庆区"}
)

// demoInstaller is one sample installer and the districts they serve.
type demoInstaller struct {
	account   auth.NewUser
	city      string
	districts []string
	sunday    bool // also works Sundays
}

// demoInstallers cover every district of Shanghai and Beijing, central
// districts twice; installer@demo.local serves 浦东新区 among others.
var demoInstallers = []demoInstaller{
	{auth.NewUser{Email: "installer@demo.local"}, "上海市", []string{"浦东新区", "黄浦区", "静安区", "徐汇区", "长宁区", "闵行区", "奉贤区", "金山区"}, false},
	{auth.NewUser{Email: "installer2@demo.local", Name: "刘师傅(示例)", Phone: "13900139002", Role: auth.Installer},
		"上海市", []string{"浦东新区", "普陀区", "虹口区", "杨浦区", "宝山区", "嘉定区", "松江区", "青浦区", "崇明区", "黄浦区"}, true},
	{auth.NewUser{Email: "installer3@demo.local", Name: "张师傅(示例)", Phone: "13900139003", Role: auth.Installer},
		"北京市", []string{"东城区", "西城区", "朝阳区", "丰台区", "石景山区", "海淀区", "门头沟区", "房山区"}, false},
	{auth.NewUser{Email: "installer4@demo.local", Name: "孙师傅(示例)", Phone: "13900139004", Role: auth.Installer},
		"北京市", []string{"通州区", "顺义区", "昌平区", "大兴区", "怀柔区", "平谷区", "密云区", "延庆区", "朝阳区", "海淀区"}, true},
}

// SeedScheduling creates the installer profiles with working hours
// (Monday to Saturday 09:00–18:00, some also Sundays 10:00–16:00). A
// profile that exists is left as it is, so seeding twice changes nothing
// and an installer's own edits survive a re-seed.
func SeedScheduling(ctx context.Context, s Services) error {
	if s.Scheduling == nil {
		return nil
	}
	admin, err := s.Auth.UserByEmail(ctx, "admin@demo.local")
	if err != nil {
		return fmt.Errorf("demo scheduling: %w", err)
	}
	for _, di := range demoInstallers {
		u, err := s.Auth.UserByEmail(ctx, di.account.Email)
		if errors.Is(err, apperr.ErrNotFound) {
			n := di.account
			n.Password = Password
			u, err = s.Auth.CreateUser(ctx, nil, n, auth.Request{IP: "seed"})
		}
		if err != nil {
			return fmt.Errorf("demo installer %s: %w", di.account.Email, err)
		}
		if _, err := s.Scheduling.Me(ctx, u); err == nil {
			continue
		} else if !errors.Is(err, apperr.ErrNotFound) && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		in := scheduling.InstallerInput{UserID: u.ID, TimeZone: scheduling.DefaultTimeZone, DailyCap: 6, Active: true}
		for _, d := range di.districts {
			in.Districts = append(in.Districts, scheduling.District{Province: di.city, City: di.city, District: d})
		}
		prof, err := s.Scheduling.SaveInstaller(ctx, admin, in, "seed")
		if err != nil {
			return fmt.Errorf("demo installer profile %s: %w", di.account.Email, err)
		}
		var hours []scheduling.Hours
		for wd := time.Monday; wd <= time.Saturday; wd++ {
			hours = append(hours, scheduling.Hours{Weekday: wd, Start: 9 * 60, End: 18 * 60})
		}
		if di.sunday {
			hours = append(hours, scheduling.Hours{Weekday: time.Sunday, Start: 10 * 60, End: 16 * 60})
		}
		if _, err := s.Scheduling.SetAvailability(ctx, admin, prof.ID, hours, nil, "seed"); err != nil {
			return fmt.Errorf("demo installer hours %s: %w", di.account.Email, err)
		}
	}
	return nil
}
