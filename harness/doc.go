// Package harness is part of mltest; see the repository README.
package harness
