//go:build race

package markdown

// raceEnabled: the race detector makes code several times slower, so CPU
// budgets that ordinary code stays far within may be exceeded.
const raceEnabled = true
