// Command funclen lists the Go functions of the given folders (recursively,
// tests excluded) longer than -min lines, longest first, and with -struct
// NAME the field count of each struct type named NAME: how issue 15 found
// the functions to cut into named steps.
//
//	go run ./bench/funclen -min 80 -struct run .
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	min := flag.Int("min", 80, "report functions with more lines than this")
	structName := flag.String("struct", "", "count the fields of struct types of this name")
	flag.Parse()
	type fn struct {
		name string
		n    int
	}
	var fns []fn
	fset := token.NewFileSet()
	for _, root := range flag.Args() {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, p, nil, 0)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return nil
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					if n.Body == nil {
						return false
					}
					lines := fset.Position(n.End()).Line - fset.Position(n.Pos()).Line + 1
					name := n.Name.Name
					if n.Recv != nil && len(n.Recv.List) > 0 {
						name = fmt.Sprintf("(%s).%s", types(n.Recv.List[0].Type), name)
					}
					fns = append(fns, fn{fmt.Sprintf("%s:%d %s", p, fset.Position(n.Pos()).Line, name), lines})
				case *ast.TypeSpec:
					if st, ok := n.Type.(*ast.StructType); ok && n.Name.Name == *structName {
						c := 0
						for _, f := range st.Fields.List {
							if len(f.Names) == 0 {
								c++
							}
							c += len(f.Names)
						}
						fmt.Printf("struct %s in %s: %d fields\n", n.Name.Name, p, c)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].n > fns[j].n })
	for _, f := range fns {
		if f.n > *min {
			fmt.Printf("%4d %s\n", f.n, f.name)
		}
	}
}

func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return "*" + types(e.X)
	case *ast.Ident:
		return e.Name
	case *ast.IndexExpr:
		return types(e.X)
	}
	return "?"
}
