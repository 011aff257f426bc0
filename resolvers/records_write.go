package resolvers

import (
	"context"
	"errors"

	"github.com/monobase/monobase/auth"
	"github.com/monobase/monobase/schema"
	"github.com/monobase/monobase/store"
)

// Create validates body and inserts a record into collection col, then
// checks the createRule against the record as written (inside the
// transaction, so @request.body and relation look-ups see the new values).
func (s *Service) Create(ctx context.Context, col string, body map[string]any) (*store.Record, error) {
	st := s.StageCreate(ctx, col, body)
	rec, err := s.CreateStaged(ctx, col, body, st)
	s.Unstage(ctx, st, rec)
	return rec, err
}

// createChecks resolves col for a create by the caller.
func (s *Service) createChecks(ctx context.Context, col string) (*schema.Collection, error) {
	c, err := s.findCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	if c.IsView() {
		return nil, BadRequest("Unsupported collection type.", nil)
	}
	if !auth.FromContext(ctx).IsSuperuser() && c.CreateRule == nil {
		return nil, Forbidden(msgSuperuser)
	}
	return c, nil
}

// StageCreate stores the uploads of a create ahead of its transaction,
// under the id the record will get (nil: nothing staged). A caller that
// opens the transaction itself (a GraphQL mutation) stages first, creates
// with CreateStaged inside it, and calls Unstage once it has ended.
func (s *Service) StageCreate(ctx context.Context, col string, body map[string]any) *StagedUploads {
	if txFrom(ctx) != nil || !hasUploads(body) {
		return nil
	}
	c, err := s.createChecks(ctx, col)
	if err != nil {
		return nil // the create reports it
	}
	id, _ := body["id"].(string)
	if id == "" {
		id = newRecordID(c)
	}
	return s.stageUploads(ctx, c, id, body)
}

// CreateStaged is Create with its uploads already staged: st, when not
// nil, holds them and the id they were stored for (StageCreate).
func (s *Service) CreateStaged(ctx context.Context, col string, body map[string]any, st *StagedUploads) (*store.Record, error) {
	c, err := s.createChecks(ctx, col)
	if err != nil {
		return nil, err
	}
	var out *store.Record
	err = s.InTx(ctx, func(ctx context.Context) error {
		f := newForm(ctx, c, nil)
		presetID := "" // the id staged files are stored under (a body id wins)
		if st != nil {
			presetID = st.id
		}
		f.fill(presetID)
		f.apply(body)
		if err := f.settleFiles(); err != nil {
			return err
		}
		if c.IsAuth() {
			f.applyPassword(body, true)
		}
		f.stamp(s.now(), true)
		f.checkRequired()
		if err := f.checkRelations(ctx, s); err != nil {
			return err
		}
		if len(f.errs) > 0 {
			return Invalid("Failed to create record.", f.errs)
		}
		id, _ := f.data["id"].(string)
		if err := s.storeUploads(ctx, c, id, f.uploads); err != nil {
			return err
		}
		tx := txFrom(ctx)
		rec, err := tx.InsertRecordReturning(ctx, c, f.data) // the row as stored
		if err != nil {
			if ve, ok := uniqueViolation(err); ok {
				return Invalid("Failed to create record.", ve)
			}
			return internal(err)
		}
		if err := s.checkCreateRule(ctx, c, id, f.ruleBody); err != nil {
			return err
		}
		if c.IsAuth() {
			manager, err := s.isManager(ctx, c, id, f.ruleBody)
			if err != nil {
				return err
			}
			f.checkManagedFields(manager)
			if len(f.errs) > 0 {
				return Invalid("Failed to create record.", f.errs)
			}
			if err := s.checkAuthID(ctx, c, id); err != nil {
				return err
			}
		}
		tx.RecordChange(store.Change{Action: store.ActionCreate, Collection: c, Record: rec})
		out = rec
		return nil
	})
	return out, err
}

// ErrCreateRule is the cause of a create the createRule refused (REST
// answers PocketBase's 400; GraphQL answers FORBIDDEN).
var ErrCreateRule = errors.New("the createRule is not satisfied")

func (s *Service) checkCreateRule(ctx context.Context, c *schema.Collection, id string, body map[string]any) error {
	cond, err := s.ruleCondition(ctx, c, c.CreateRule, body)
	if err != nil {
		return err
	}
	if cond == nil {
		return nil
	}
	ok, err := s.matches(ctx, c, id, cond)
	if err != nil {
		return err
	}
	if !ok {
		return BadRequest("Failed to create record.", ErrCreateRule)
	}
	return nil
}

// Update applies body to record id of collection col when its updateRule
// allows (a record the rule hides answers 404, as if missing).
func (s *Service) Update(ctx context.Context, col, id string, body map[string]any) (*store.Record, error) {
	st := s.StageUpdate(ctx, col, id, body)
	rec, err := s.updateStaged(ctx, col, id, body)
	s.Unstage(ctx, st, rec)
	return rec, err
}

// StageUpdate stores the uploads of an update ahead of its transaction
// (nil: nothing staged; not for callers the updateRule locks out); see
// StageCreate.
func (s *Service) StageUpdate(ctx context.Context, col, id string, body map[string]any) *StagedUploads {
	if txFrom(ctx) != nil || !hasUploads(body) {
		return nil
	}
	c, err := s.findCollection(ctx, col)
	if err != nil || c.IsView() || (c.UpdateRule == nil && !auth.FromContext(ctx).IsSuperuser()) {
		return nil
	}
	return s.stageUploads(ctx, c, id, body)
}

// updateStaged is Update once its uploads are staged (or, inside a
// transaction, left for the write to store).
func (s *Service) updateStaged(ctx context.Context, col, id string, body map[string]any) (*store.Record, error) {
	c, err := s.findCollection(ctx, col)
	if err != nil {
		return nil, err
	}
	if c.IsView() {
		return nil, BadRequest("Unsupported collection type.", nil)
	}
	var out *store.Record
	err = s.InTx(ctx, func(ctx context.Context) error {
		cond, err := s.ruleCondition(ctx, c, c.UpdateRule, body)
		if err != nil {
			return err
		}
		old, err := s.fetchVisible(ctx, c, id, cond)
		if err != nil {
			return err
		}
		manager := false
		if c.IsAuth() {
			if manager, err = s.isManager(ctx, c, id, body); err != nil {
				return err
			}
		}
		f := newForm(ctx, c, old)
		f.apply(body)
		if err := f.settleFiles(); err != nil {
			return err
		}
		if c.IsAuth() {
			f.applyPassword(body, manager)
			f.checkManagedFields(manager)
			if f.emailChanged() {
				f.rotateTokenKey()
			}
		}
		f.stamp(s.now(), false)
		f.checkRequired()
		if err := f.checkRelations(ctx, s); err != nil {
			return err
		}
		if len(f.errs) > 0 {
			return Invalid("Failed to update record.", f.errs)
		}
		if err := s.storeUploads(ctx, c, id, f.uploads); err != nil {
			return err
		}
		s.deleteFilesAfterCommit(ctx, c, id, f.removed)
		out, err = saveUpdate(ctx, c, id, f, "Failed to update record.")
		return err
	})
	return out, err
}

// saveUpdate writes the form's changes to record id inside the current
// transaction and returns the record as stored, announced to realtime; a
// UNIQUE violation is a field error under msg.
func saveUpdate(ctx context.Context, c *schema.Collection, id string, f *form, msg string) (*store.Record, error) {
	tx := txFrom(ctx)
	if err := tx.UpdateRecord(ctx, c, id, f.changedData()); err != nil {
		if ve, ok := uniqueViolation(err); ok {
			return nil, Invalid(msg, ve)
		}
		return nil, internal(err)
	}
	rec, err := store.FindRecord(ctx, tx, c, id)
	if err != nil {
		return nil, internal(err)
	}
	tx.RecordChange(store.Change{Action: store.ActionUpdate, Collection: c, Record: rec})
	return rec, nil
}

// Delete removes record id of collection col when its deleteRule allows,
// first removing the id from every relation that references it (cascading
// or refusing per field option).
func (s *Service) Delete(ctx context.Context, col, id string) error {
	c, err := s.findCollection(ctx, col)
	if err != nil {
		return err
	}
	if c.IsView() {
		return BadRequest("Unsupported collection type.", nil)
	}
	return s.InTx(ctx, func(ctx context.Context) error {
		cond, err := s.ruleCondition(ctx, c, c.DeleteRule, nil)
		if err != nil {
			return err
		}
		rec, err := s.fetchVisible(ctx, c, id, cond)
		if err != nil {
			return err
		}
		if c.Name == store.SuperusersName {
			if n, err := s.count(ctx, c.Name, nil); err != nil || n <= 1 {
				return BadRequest("The last superuser cannot be deleted.", err)
			}
		}
		return s.deleteRecord(ctx, rec, map[string]bool{})
	})
}
