// Package assert is part of mltest; see the repository README.
package assert
