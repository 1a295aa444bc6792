package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/onboarding"
	"posportal/onboarding/validate"
)

// sampleApplication is one demo merchant's application and where it ends.
type sampleApplication struct {
	account auth.NewUser
	fields  onboarding.Fields
	// daysAgo places the submission in the past so the queue shows ages
	// and SLA breaches.
	daysAgo int
	// until is the status to walk the application to.
	until onboarding.Status
}

func str(s string) *string { return &s }
func fen(n int64) *int64   { return &n }

// uscc completes a 17-character body with its GB 32100 check character.
func uscc(body string) string {
	c, _ := validate.USCCCheckChar(body)
	return body + string(c)
}

// residentID completes a 17-digit body with its ISO 7064 check character.
func residentID(body string) string {
	c, _ := validate.ResidentIDCheckChar(body)
	return body + string(c)
}

func bankCard(body string) string {
	c, _ := validate.LuhnCheckDigit(body)
	return body + string(c)
}

func sampleFields(mt, legal, shop, code, mcc, province, city, district, addr, rep, id, account, accountType string, volumeYuan, ticketYuan int64, mix map[string]int, terminals int64) onboarding.Fields {
	holder := legal
	if mt != "enterprise" {
		holder = rep
	}
	return onboarding.Fields{
		MerchantType: str(mt), LegalName: str(legal), ShopName: str(shop), USCC: str(code), MCCGroup: str(mcc),
		Province: str(province), City: str(city), District: str(district), Address: str(addr),
		LegalRepName: str(rep), LegalRepIDNumber: str(id), ContactMobile: str("13800138000"),
		ContactEmail: str("contact@demo.local"), SettlementBank: str("中国工商银行" + city + "分行"),
		SettlementAccountType: str(accountType), SettlementAccountName: str(holder), SettlementAccountNumber: str(account),
		ExpectedMonthlyVolumeFen: fen(volumeYuan * 100), AverageTicketFen: fen(ticketYuan * 100), ChannelMix: mix,
		TerminalCount: fen(terminals),
	}
}

var sampleApplications = []sampleApplication{
	{account: Accounts[0], daysAgo: 9, until: onboarding.Approved, fields: sampleFields("enterprise", "上海浦东示例便利店有限公司",
		"示例便利店(世纪大道店)", uscc("91310115MA1K4P7Q0"), "retail", "上海市", "上海市", "浦东新区", "世纪大道100号",
		"李明", residentID("31011519850312001"), "31001234567890123", "corporate", 300000, 45,
		map[string]int{"wechat_pay": 45, "alipay": 30, "unionpay_qr": 10, "debit_card": 10, "credit_card": 5}, 2)},
	{account: auth.NewUser{Email: "cafe@demo.local", Name: "周咖啡(示例)", Phone: "13911112222", Role: auth.Merchant}, daysAgo: 4, until: onboarding.Submitted,
		fields: sampleFields("individual_business", "朝阳区周氏咖啡馆", "周氏咖啡(三里屯店)", uscc("92110105MA0K3P7Q0"), "catering",
			"北京市", "北京市", "朝阳区", "三里屯路19号", "周晓", residentID("11010519900101002"), bankCard("621700000000000012"), "personal",
			80000, 38, map[string]int{"wechat_pay": 50, "alipay": 40, "contactless": 10}, 1)},
	{account: auth.NewUser{Email: "fruit@demo.local", Name: "吴水果(示例)", Phone: "13922223333", Role: auth.Merchant}, daysAgo: 1, until: onboarding.InReview,
		fields: sampleFields("micro", "吴芳", "吴记水果摊", "", "retail", "浙江省", "杭州市", "西湖区", "文三路88号",
			"吴芳", residentID("33010619920505002"), bankCard("622848000000000001"), "personal",
			30000, 25, map[string]int{"wechat_pay": 60, "alipay": 40}, 1)},
	{account: auth.NewUser{Email: "jewelry@demo.local", Name: "钱珠宝(示例)", Phone: "13933334444", Role: auth.Merchant}, daysAgo: 2, until: onboarding.Submitted,
		fields: sampleFields("enterprise", "上海静安示例珠宝有限公司", "示例珠宝(南京西路店)", uscc("91310106MA1FK3P70"), "jewelry",
			"上海市", "上海市", "静安区", "南京西路1266号", "钱进", residentID("31010619780808001"), "31009876543210987", "corporate",
			1200000, 8800, map[string]int{"credit_card": 50, "debit_card": 20, "unionpay_qr": 10, "foreign_card": 20}, 3)},
	{account: auth.NewUser{Email: "noodle@demo.local", Name: "孙面馆(示例)", Phone: "13944445555", Role: auth.Merchant}, daysAgo: 6, until: onboarding.InfoRequested,
		fields: sampleFields("individual_business", "天河区孙记面馆", "孙记面馆", uscc("92440106MA5K3P7Q0"), "catering",
			"广东省", "广州市", "天河区", "体育西路12号", "孙强", residentID("44010619880220001"), bankCard("622588000000000002"), "personal",
			60000, 30, map[string]int{"wechat_pay": 55, "alipay": 35, "debit_card": 10}, 1)},
	{account: auth.NewUser{Email: "ktv@demo.local", Name: "郑娱乐(示例)", Phone: "13955556666", Role: auth.Merchant}, daysAgo: 12, until: onboarding.Rejected,
		fields: sampleFields("enterprise", "深圳南山示例娱乐有限公司", "示例KTV", uscc("91440305MA5FK3P70"), "entertainment",
			"广东省", "深圳市", "南山区", "科技园南路8号", "郑浩", residentID("44030519820909001"), "44001234500000001", "corporate",
			400000, 600, map[string]int{"credit_card": 40, "wechat_pay": 30, "alipay": 30}, 2)},
	{account: auth.NewUser{Email: "bakery@demo.local", Name: "林面包(示例)", Phone: "13977778888", Role: auth.Merchant}, daysAgo: 5, until: onboarding.Approved,
		fields: sampleFields("individual_business", "鼓楼区林记面包坊", "林记面包坊", uscc("92350102MA2K3P7Q0"), "catering",
			"福建省", "福州市", "鼓楼区", "五四路66号", "林静", residentID("35010219870707002"), bankCard("621483000000000003"), "personal",
			90000, 28, map[string]int{"wechat_pay": 50, "alipay": 30, "unionpay_qr": 20}, 1)},
	{account: auth.NewUser{Email: "books@demo.local", Name: "冯书店(示例)", Phone: "13966667777", Role: auth.Merchant}, until: onboarding.Draft,
		fields: onboarding.Fields{MerchantType: str("individual_business"), ShopName: str("冯氏书店"), MCCGroup: str("retail"),
			Province: str("四川省"), City: str("成都市"), District: str("武侯区")}},
}

// seedApplications walks each sample application through the real service
// to its status, as the merchant and the demo reviewers would.
func seedApplications(ctx context.Context, s Services) error {
	reviewer, err := s.Auth.UserByEmail(ctx, "reviewer@demo.local")
	if err != nil {
		return err
	}
	reviewer2, err := s.Auth.UserByEmail(ctx, "reviewer2@demo.local")
	if err != nil {
		return err
	}
	for i, sa := range sampleApplications {
		m, err := s.Auth.UserByEmail(ctx, sa.account.Email)
		if errors.Is(err, apperr.ErrNotFound) {
			n := sa.account
			n.Password = Password
			if m, err = s.Auth.CreateUser(ctx, nil, n, auth.Request{IP: "seed"}); err != nil {
				return fmt.Errorf("seed %s: %w", n.Email, err)
			}
		} else if err != nil {
			return err
		}
		existing, err := s.Onboarding.List(ctx, m, onboarding.ListFilter{})
		if err != nil {
			return err
		}
		if len(existing) > 0 {
			continue
		}
		if err := walk(ctx, s.Onboarding, i, sa, m, reviewer, reviewer2); err != nil {
			return fmt.Errorf("seed application of %s: %w", m.Email, err)
		}
	}
	return nil
}

func walk(ctx context.Context, svc *onboarding.Service, seq int, sa sampleApplication, m, reviewer, reviewer2 auth.User) error {
	at := time.Now().Add(-time.Duration(sa.daysAgo) * 24 * time.Hour)
	clock := svc.WithClock(func() time.Time { return at })
	a, err := clock.Create(ctx, m, sa.fields, "seed")
	if err != nil || sa.until == onboarding.Draft {
		return err
	}
	kinds, err := clock.RequiredKinds(ctx, onboarding.MerchantType(*sa.fields.MerchantType))
	if err != nil {
		return err
	}
	for j, kind := range kinds {
		obj, err := clock.Blobs().Put(ctx, bytes.NewReader(samplePNG(seq, j)), clock.MaxDocumentBytes())
		if err != nil {
			return err
		}
		if _, err := clock.AddDocument(ctx, m, a.ID, kind, kind+".png", obj, "seed"); err != nil {
			return err
		}
	}
	if _, err := clock.Submit(ctx, m, a.ID, "seed"); err != nil || sa.until == onboarding.Submitted {
		return err
	}
	at = at.Add(3 * time.Hour)
	r := reviewer
	if sa.until == onboarding.InReview {
		r = reviewer2
	}
	if _, err := clock.Claim(ctx, r, a.ID, "seed"); err != nil || sa.until == onboarding.InReview {
		return err
	}
	at = at.Add(time.Hour)
	var d onboarding.Decision
	switch sa.until {
	case onboarding.Approved:
		if err := acceptDocuments(ctx, clock, reviewer, a.ID); err != nil {
			return err
		}
		d = onboarding.Decision{Decision: "approve", Comment: "资料齐全,信息一致。"}
	case onboarding.InfoRequested:
		d = onboarding.Decision{Decision: "request_info", ReasonCode: "document_illegible", Comment: "门头照片太暗,看不清店招,请白天重新拍摄。",
			Requested: onboarding.Requested{Documents: []string{"storefront_photo"}}}
	case onboarding.Rejected:
		d = onboarding.Decision{Decision: "reject", ReasonCode: "prohibited_business", Comment: "娱乐场所类目暂不开通收单服务(示例)。"}
	}
	_, err = clock.Decide(ctx, reviewer, a.ID, d, "seed")
	return err
}

// acceptDocuments gives every current document of application appID the
// claiming reviewer's "accepted" verdict, as a reviewer approving it
// would, so an approved merchant's documents do not read "awaiting review".
func acceptDocuments(ctx context.Context, svc *onboarding.Service, reviewer auth.User, appID int64) error {
	docs, err := svc.Documents(ctx, reviewer, appID, false)
	if err != nil {
		return err
	}
	for _, doc := range docs {
		if _, err := svc.SetVerdict(ctx, reviewer, appID, doc.ID, onboarding.VerdictAccepted, "", "seed"); err != nil {
			return fmt.Errorf("verdict on %s: %w", doc.Kind, err)
		}
	}
	return nil
}

// samplePNG draws a small, distinct image standing in for a scanned
// document, so every demo upload is a real PNG with its own bytes.
func samplePNG(app, doc int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 160, 100))
	bg := color.RGBA{uint8(200 + app*7%55), uint8(210 + doc*9%45), 230, 255}
	for y := 0; y < 100; y++ {
		for x := 0; x < 160; x++ {
			img.Set(x, y, bg)
			if y > 15 && y < 85 && x > 15 && x < 145 && (y/10+x/20+doc)%3 == 0 {
				img.Set(x, y, color.RGBA{11, 61, 145, 255})
			}
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}
