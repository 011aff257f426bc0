package rules

// Expr is a boolean expression: a *Logical or a *Comparison.
type Expr interface {
	Position() int
	isExpr()
}

// Operand is one side of a comparison or a function argument: *Literal,
// *Ident, *Macro or *Call.
type Operand interface {
	Position() int
	isOperand()
}

// LogicOp joins expressions.
type LogicOp int

const (
	// And is &&.
	And LogicOp = iota
	// Or is ||.
	Or
)

func (o LogicOp) String() string {
	if o == And {
		return "&&"
	}
	return "||"
}

// Logical is a flat chain of terms joined by one operator. Grouping from
// parentheses and from && binding tighter than || is kept in the tree shape.
type Logical struct {
	Pos   int
	Op    LogicOp
	Terms []Expr
}

// Op is a comparison operator.
type Op string

// Comparison operators; the Any* forms are the "?"-prefixed "at least one".
const (
	OpEq       Op = "="
	OpNeq      Op = "!="
	OpGt       Op = ">"
	OpGte      Op = ">="
	OpLt       Op = "<"
	OpLte      Op = "<="
	OpLike     Op = "~"
	OpNotLike  Op = "!~"
	OpAnyEq    Op = "?="
	OpAnyNeq   Op = "?!="
	OpAnyGt    Op = "?>"
	OpAnyGte   Op = "?>="
	OpAnyLt    Op = "?<"
	OpAnyLte   Op = "?<="
	OpAnyLike  Op = "?~"
	OpAnyNLike Op = "?!~"
)

// IsAny reports whether o is a "?"-form.
func (o Op) IsAny() bool { return len(o) > 0 && o[0] == '?' }

// Base returns o without its "?" prefix.
func (o Op) Base() Op {
	if o.IsAny() {
		return o[1:]
	}
	return o
}

// Comparison is `Left Op Right`.
type Comparison struct {
	Pos         int
	Op          Op
	Left, Right Operand
}

// LitKind is the kind of a literal.
type LitKind int

// Literal kinds.
const (
	LitString LitKind = iota
	LitNumber
	LitBool
	LitNull
)

// Literal is a quoted string, a number, true, false or null.
type Literal struct {
	Pos  int
	Kind LitKind
	Str  string  // LitString: the unescaped text
	Num  float64 // LitNumber
	Bool bool    // LitBool
}

// Ident is a field path such as `author.name:lower` or
// `@collection.users:u.email`. Path holds the dot-separated segments (the
// @collection segment keeps its ":alias"); Modifier is the trailing
// ":modifier" without the colon.
type Ident struct {
	Pos      int
	Raw      string
	Path     []string
	Modifier string
	// Alone makes the operand's joins its comparison's own, never shared
	// with another operand naming the same path (compile_shared.go). The
	// filter syntax never sets it; GraphQL's where does.
	Alone bool
}

// Macro is a datetime macro such as @now or @todayStart.
type Macro struct {
	Pos  int
	Name string // with the leading "@"
}

// Call is a function call: geoDistance or strftime.
type Call struct {
	Pos  int
	Name string
	Args []Operand
}

func (e *Logical) Position() int    { return e.Pos }
func (e *Comparison) Position() int { return e.Pos }
func (e *Literal) Position() int    { return e.Pos }
func (e *Ident) Position() int      { return e.Pos }
func (e *Macro) Position() int      { return e.Pos }
func (e *Call) Position() int       { return e.Pos }

func (*Logical) isExpr()    {}
func (*Comparison) isExpr() {}
func (*Literal) isOperand() {}
func (*Ident) isOperand()   {}
func (*Macro) isOperand()   {}
func (*Call) isOperand()    {}
