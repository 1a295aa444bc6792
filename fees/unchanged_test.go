package fees

import (
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestQuotePlansUnchangedBytes pins the JSON of four 200-plan comparisons
// to what the implementation before the fast paths produced (SHA-256 of
// the encoded quotes), so the speed-up cannot have changed an answer. The
// pins predate "comparable" and like-for-like ranking: each comparison is
// put back into the order of the time (total, rate, name, id) and encoded
// without that field, so every other byte is still checked.
func TestQuotePlansUnchangedBytes(t *testing.T) {
	want := []string{
		"c21b1605d7fb52456c4b847d37aec4fb19fdb238f144e417963bb2dc44eb3b82",
		"d26d2a045378fa8ef5fefd34e13637c14819983363f1676755025ac7b6754dfa",
		"cac118795ac5731d0e9d2b3e71d2c44f4146ab7c55e62e59abd7aa14ce505b87",
		"0ebd46b9d5df71386bf597dd0ef1594ccb057e2fc7bd6aa2cab52842bbdc0e42",
	}
	for i, h := range goldenComparisons(t) {
		if h != want[i] {
			t.Errorf("comparison %d: sha256 %s, want %s", i, h, want[i])
		}
	}
}

func goldenComparisons(t *testing.T) []string {
	plans := benchPlans(200)
	var out []string
	for i := range 4 {
		req := benchRequest()
		compat := Compatibility{ByProvider: map[int64]ChannelSet{7: NewChannelSet(ForeignCard), 3: NewChannelSet(Alipay, WeChatPay)}}
		switch i {
		case 1:
			req.ModelID, req.Acquisition = nil, Purchase
		case 2:
			req.Settlement, req.Months = SettlementT1, 7
			compat.Unsupported = NewChannelSet(Contactless)
		case 3:
			req.ModelID = new(int64(99)) // no plan prices it
			req.PlanIDs = []int64{5, 17, 3, 200}
		}
		qs, err := QuotePlans(plans, req, compat)
		if err != nil {
			t.Fatal(err)
		}
		slices.SortStableFunc(qs, func(a, b PlanQuote) int {
			return cmp.Or(cmp.Compare(a.TotalFen, b.TotalFen), cmp.Compare(a.EffectiveRateBP, b.EffectiveRateBP),
				strings.Compare(a.PlanName, b.PlanName), cmp.Compare(a.PlanID, b.PlanID))
		})
		b, err := json.Marshal(qs)
		if err != nil {
			t.Fatal(err)
		}
		before := strings.NewReplacer(`,"comparable":true`, "", `,"comparable":false`, "").Replace(string(b))
		out = append(out, fmt.Sprintf("%x", sha256.Sum256([]byte(before))))
	}
	return out
}
