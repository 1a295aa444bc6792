package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCatalogImportCommand(t *testing.T) {
	env := testEnv(t)
	runOK(t, env, "", "seed", "--demo") // the sample brands
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}

	bad := write("bad.csv", "brand,name,category,printer\n巡途 Xuntu,XT-M9,mpos,no\nNobody,N1,countertop,yes\n巡途 Xuntu,XT-M10,mpos,maybe\n")
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"catalog", "import", bad}, env, strings.NewReader(""), &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("bad file: err = %v", err)
	}
	for _, want := range []string{bad + ":3: brand: Unknown brand “Nobody”", bad + ":4: printer: “maybe” is not yes or no."} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, errb.String())
		}
	}

	good := write("good.csv", "brand,name,category,printer\n巡途 Xuntu,XT-M9,mpos,no\n巡途 Xuntu,XT-M1,mpos,no\n")
	if got := runOK(t, env, "", "catalog", "import", good); !strings.Contains(got, "1 models created, 1 updated") {
		t.Errorf("good file: %s", got)
	}
	errb.Reset()
	if err := run(context.Background(), []string{"catalog", "export"}, env, strings.NewReader(""), &out, &errb); err == nil {
		t.Error("unknown catalog subcommand accepted")
	}
}
