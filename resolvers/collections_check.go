package resolvers

import (
	"fmt"
	"strings"

	"github.com/monobase/monobase/rules"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// schemaCheck returns the check a collection change must pass: every rule
// of the changed collection compiles against the new schema, then the
// extra check (GraphQL names) installed with SetSchemaCheck.
func (s *Service) schemaCheck(changed *schema.Collection) store.SchemaCheck {
	s.mu.RLock()
	extra := s.check
	s.mu.RUnlock()
	return func(next *store.Snapshot) error {
		if changed != nil {
			if err := checkRules(changed, next); err != nil {
				return err
			}
			if err := checkOAuth2(changed, s.cfg.OAuth2); err != nil {
				return err
			}
		}
		if extra != nil {
			return extra(next)
		}
		return nil
	}
}

// checkRules compiles each rule of c against next, so a rule that names a
// missing field is refused when saved instead of failing every request.
func checkRules(c *schema.Collection, next *store.Snapshot) error {
	tables, _ := buildTables(next)
	root := tableOf(c, next)
	r := &rules.TableResolver{Table: root, Tables: tables, Access: rules.AccessRule, Req: &rules.Request{}}
	list := map[string]*string{"listRule": c.ListRule, "viewRule": c.ViewRule, "createRule": c.CreateRule, "updateRule": c.UpdateRule, "deleteRule": c.DeleteRule}
	if c.AuthOptions != nil {
		list["authRule"] = c.AuthRule
		list["manageRule"] = c.ManageRule
	}
	errs := schema.ValidationErrors{}
	for name, rule := range list {
		if rule == nil || strings.TrimSpace(*rule) == "" {
			continue
		}
		if _, err := rules.CompileString(*rule, r); err != nil {
			errs[name] = &schema.FieldError{Code: "validation_invalid_rule", Message: fmt.Sprintf("Invalid rule: %s.", err.Error())}
		}
	}
	return errs.OrNil()
}
