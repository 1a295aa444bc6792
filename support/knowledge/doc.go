// Package knowledge holds the troubleshooting knowledge for terminals that
// stopped working after a firmware upgrade (SPEC §6), as data: versioned
// JSON files embedded in the binary, parsed and validated by Load at start-up.
//
// The knowledge is a tree (strictly, a directed acyclic graph) of question
// nodes and diagnosis nodes. The merchant starts at Tree.Root, answers with
// Tree.Next until a *Diagnosis comes back, and the diagnosis names the cause
// category (the seed document's hardware / software / external / human),
// the cause, ordered remedies, whether the merchant can fix it alone, who
// takes over otherwise, and the ticket priority to use if it stays
// unresolved. Context checks (Check) let the portal jump straight to a
// diagnosis from what it already knows about the device.
//
// Every text is bilingual (Text: zh-CN and en); Text.For picks one.
//
// # Files
//
// A version lives in data/vN/ (v1, v2, …):
//
//	data/v1/manifest.json          {"version": "v1", "root": "q.start", "comment": "…"}
//	data/v1/questions/*.json       question nodes, grouped by topic
//	data/v1/diagnoses/*.json       diagnosis nodes, one file per cause category
//
// Every .json file other than manifest.json, in any subdirectory, has the
// shape {"comment": "…", "questions": […], "diagnoses": […]}, either list
// optional; how nodes are spread over files is free. A question:
//
//	{"id": "q.power_reseat",
//	 "prompt": {"zh-CN": "…", "en": "…"},
//	 "help": {"zh-CN": "…", "en": "…"},            (optional)
//	 "seed_refs": ["upg.install"],                 (optional)
//	 "options": [{"id": "on_now", "label": {"zh-CN": "…", "en": "…"}, "next": "d.hw.loose_contact"}, …]}
//
// A diagnosis:
//
//	{"id": "d.hw.loose_contact", "category": "hardware",
//	 "title": {…}, "cause": {…}, "remedies": [{…}, …],
//	 "self_service": true, "escalation": "on_site", "priority": "P2",
//	 "seed_refs": ["hw.loose_contact", "fix.hw.check_lines"]}
//
// Node ids are lower-case and dotted: q.<name> for questions and
// d.<category>.<name> for diagnoses by convention. Option ids are lower-case
// words. seed_refs name the seed document's causes (hw., sw., ext., hu.),
// remedies (fix.) and upgrade steps (upg.); the checklist in seed_test.go
// quotes the seed phrase behind each one. Unknown fields and trailing data
// are errors, so a misspelt field name fails the build instead of silently
// dropping a text.
//
// # Validation
//
// Load refuses a version unless: node ids are well-formed and unique across
// files; every option leads to a defined node; the graph has no cycle; every
// node is reachable from the root, which is a question; no path asks more
// than MaxQuestions questions; every question has at least two options with
// distinct ids and labels; every text has non-empty zh-CN and en; category,
// escalation and priority are known values; a diagnosis has at least one
// remedy and at least one seed ref, and escalation "none" only where
// self_service is true; and the diagnoses the context checks jump to exist.
// The tests additionally walk every path from the root and check every seed
// cause and remedy is carried by a reachable diagnosis.
//
// # Adding a version
//
// Sessions record Tree.Version and the node and option ids they walked, and
// LoadVersion replays them, so a version is frozen once released: correct a
// typo in place, but anything that changes what a node means, or removes or
// renames an id, goes into a new version.
//
//  1. Copy data/vN to data/vN+1 and set "version" in its manifest.json.
//  2. Edit the copy. Keep the context-check diagnosis ids (the Diagnosis*
//     constants); give new seed refs a row in seed_test.go's checklist.
//  3. Run go test ./support/knowledge/. Load now returns vN+1; vN stays
//     embedded for LoadVersion.
package knowledge
