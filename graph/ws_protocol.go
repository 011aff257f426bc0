package graph

import (
	"encoding/json"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/gorilla/websocket"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

const (
	protoTransportWS = "graphql-transport-ws"
	protoGraphQLWS   = "graphql-ws"

	// close codes of graphql-transport-ws
	closeInvalidMessage = 4400
	closeUnauthorized   = 4401
	closeInitTimeout    = 4408
	closeDuplicateID    = 4409
	closeTooManyInits   = 4429
	// closeSlowConsumer ends a connection whose client does not read.
	closeSlowConsumer = websocket.ClosePolicyViolation
)

// sendResponse queues a next (data) message; a response with only data is
// framed without re-encoding it.
func (c *wsConn) sendResponse(id string, resp *graphql.Response) {
	if len(resp.Errors) == 0 && len(resp.Extensions) == 0 && resp.Label == "" && resp.Path == nil && resp.HasNext == nil {
		data := []byte(resp.Data)
		if len(data) == 0 {
			data = []byte("null")
		}
		b := c.appendDataHead(make([]byte, 0, len(data)+len(id)+48), id)
		b = append(b, data...)
		b = append(b, "}}"...)
		c.send(b)
		return
	}
	p, err := json.Marshal(resp)
	if err != nil {
		p, _ = json.Marshal(&graphql.Response{Errors: gqlerror.List{{Message: err.Error()}}})
	}
	c.send(wsFrame(c.resultType(), id, p))
}

// resultType is the type of a result message: "next" in
// graphql-transport-ws, "data" in graphql-ws.
func (c *wsConn) resultType() string {
	if c.legacy {
		return "data"
	}
	return "next"
}

// appendDataHead appends the head of a data-only result message,
// {"type":"next","id":…,"payload":{"data":, which the data and "}}" follow.
func (c *wsConn) appendDataHead(b []byte, id string) []byte {
	b = append(b, `{"type":"`...)
	b = append(b, c.resultType()...)
	b = append(b, `","id":`...)
	b = strconv.AppendQuote(b, id)
	return append(b, `,"payload":{"data":`...)
}

func (c *wsConn) sendErrors(id string, errs ...*gqlerror.Error) {
	p, _ := json.Marshal(errs)
	c.send(wsFrame("error", id, p))
}

// connectionError is graphql-ws's connection_error (graphql-transport-ws
// has none: the close reason says it).
func (c *wsConn) connectionError(msg string) {
	if !c.legacy {
		return
	}
	p, _ := json.Marshal(&gqlerror.Error{Message: msg})
	c.send(wsFrame("connection_error", "", p))
}

// wsFrame encodes a message; payload is JSON (or nil).
func wsFrame(typ, id string, payload []byte) []byte {
	b := make([]byte, 0, len(payload)+len(id)+40)
	b = append(b, `{"type":"`...)
	b = append(b, typ...)
	b = append(b, '"')
	if id != "" {
		b = append(b, `,"id":`...)
		b = strconv.AppendQuote(b, id)
	}
	if len(payload) > 0 {
		b = append(b, `,"payload":`...)
		b = append(b, payload...)
	}
	return append(b, '}')
}
