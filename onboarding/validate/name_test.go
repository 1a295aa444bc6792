package validate

import (
	"errors"
	"strings"
	"testing"
)

func TestValidatePersonName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"OK Han", "张三", nil},
		{"OK long Han", "欧阳娜娜", nil},
		{"OK minority name with middle dot", "买买提·艾力", nil},
		{"OK several middle dots", "阿卜杜拉·买买提·艾力", nil},
		{"OK Latin", "John Smith", nil},
		{"OK Latin with accents", "José Álvarez", nil},
		{"OK 30 runes", strings.Repeat("张", 30), nil},
		{"ErrFormat empty", "", ErrPersonNameFormat},
		{"ErrFormat one rune", "张", ErrPersonNameFormat},
		{"ErrFormat 31 runes", strings.Repeat("张", 31), ErrPersonNameFormat},
		{"ErrFormat digits", "张三1", ErrPersonNameFormat},
		{"ErrFormat mixed scripts", "张San", ErrPersonNameFormat},
		{"ErrFormat leading dot", "·艾力", ErrPersonNameFormat},
		{"ErrFormat trailing dot", "艾力·", ErrPersonNameFormat},
		{"ErrFormat double dot", "买买提··艾力", ErrPersonNameFormat},
		{"ErrFormat dot look-alike (normalize first)", "买买提•艾力", ErrPersonNameFormat},
		{"ErrFormat space between Han (normalize first)", "张 三", ErrPersonNameFormat},
		{"ErrFormat double space (normalize first)", "John  Smith", ErrPersonNameFormat},
		{"ErrFormat trailing space (normalize first)", "John ", ErrPersonNameFormat},
		{"ErrFormat punctuation", "John O'Brien", ErrPersonNameFormat},
		{"ErrFormat Cyrillic", "Иван", ErrPersonNameFormat},
		{"ErrFormat markup", "<b>张三</b>", ErrPersonNameFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ValidatePersonName(tt.in); !errors.Is(err, tt.want) {
				t.Errorf("ValidatePersonName(%q) = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestNormalizePersonName(t *testing.T) {
	for in, want := range map[string]string{
		" 张三 ":            "张三",
		"张 三":             "张三",
		"张\u3000三":        "张三",
		"买买提•艾力":          "买买提·艾力",
		"买买提・艾力":          "买买提·艾力",
		"买买提 · 艾力":        "买买提·艾力",
		"  John   Smith ": "John Smith",
		"Ｊｏｈｎ\u3000Ｓｍｉｔｈ": "John Smith",
	} {
		got := NormalizePersonName(in)
		if got != want {
			t.Errorf("NormalizePersonName(%q) = %q, want %q", in, got, want)
		}
		if err := ValidatePersonName(got); err != nil {
			t.Errorf("normalized %q: %v", got, err)
		}
	}
}
