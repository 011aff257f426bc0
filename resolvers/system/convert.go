package system

import (
	"encoding/json"

	"github.com/monobase/monobase/schema"
)

// toCollection turns a collection into the GraphQL Collection: its fields
// and whole definition as JSON, secrets removed.
func toCollection(c *schema.Collection, ft schema.FieldTypes) (*Collection, error) {
	pub := c.Public(ft)
	raw, err := json.Marshal(pub)
	if err != nil {
		return nil, err
	}
	var def map[string]any
	if err := json.Unmarshal(raw, &def); err != nil {
		return nil, err
	}
	out := &Collection{ID: c.ID, Name: c.Name, Type: c.Type, System: c.System, Fields: def["fields"], Indexes: c.Indexes,
		ListRule: c.ListRule, ViewRule: c.ViewRule, CreateRule: c.CreateRule, UpdateRule: c.UpdateRule, DeleteRule: c.DeleteRule,
		Created: c.Created, Updated: c.Updated, Definition: def}
	if out.Indexes == nil {
		out.Indexes = []string{}
	}
	if c.ViewQuery != "" {
		out.ViewQuery = &c.ViewQuery
	}
	return out, nil
}
