package serving

import (
	"fmt"

	"github.com/mltest/mltest/harness/serving/internal/inferencepb"
)

// The typed tensor contents of the Open Inference Protocol over gRPC
// (InferTensorContents): one repeated field per family of datatypes. FP16
// and BF16 have none; they travel only as raw contents.

// typedContents holds the elements of a tensor of datatype d (numbers
// conformed to d, or strs for BYTES) in the field the protocol assigns to
// d. It returns nil for FP16 and BF16.
func typedContents(numbers []float64, strs []string, d Datatype) *inferencepb.InferTensorContents {
	c := &inferencepb.InferTensorContents{}
	switch d {
	case Bytes:
		c.BytesContents = make([][]byte, len(strs))
		for i, s := range strs {
			c.BytesContents[i] = []byte(s)
		}
	case Bool:
		c.BoolContents = make([]bool, len(numbers))
		for i, x := range numbers {
			c.BoolContents[i] = x != 0
		}
	case Int8, Int16, Int32:
		c.IntContents = make([]int32, len(numbers))
		for i, x := range numbers {
			c.IntContents[i] = int32(x)
		}
	case Int64:
		c.Int64Contents = make([]int64, len(numbers))
		for i, x := range numbers {
			c.Int64Contents[i] = floatToInt64(x)
		}
	case Uint8, Uint16, Uint32:
		c.UintContents = make([]uint32, len(numbers))
		for i, x := range numbers {
			c.UintContents[i] = uint32(x)
		}
	case Uint64:
		c.Uint64Contents = make([]uint64, len(numbers))
		for i, x := range numbers {
			c.Uint64Contents[i] = floatToUint64(x)
		}
	case FP32:
		c.Fp32Contents = make([]float32, len(numbers))
		for i, x := range numbers {
			c.Fp32Contents[i] = float32(x)
		}
	case FP64:
		c.Fp64Contents = numbers
	default:
		return nil
	}
	return c
}

// fromTypedContents reads the elements of a tensor of datatype d from its
// typed contents: they must all be in d's field, as many as the shape
// holds, and each a value d can hold (an INT8 in int_contents must be in
// [-128, 127]). nil contents is errNoData.
func fromTypedContents(c *inferencepb.InferTensorContents, d Datatype, size int) ([]float64, []string, error) {
	if c == nil {
		return nil, nil, errNoData
	}
	total := len(c.BoolContents) + len(c.IntContents) + len(c.Int64Contents) + len(c.UintContents) +
		len(c.Uint64Contents) + len(c.Fp32Contents) + len(c.Fp64Contents) + len(c.BytesContents)
	var numbers []float64
	var field string
	var n int
	switch d {
	case Bytes:
		field, n = "bytes_contents", len(c.BytesContents)
		if n == total {
			strs := make([]string, n)
			for i, b := range c.BytesContents {
				strs[i] = string(b)
			}
			return nil, strs, checkCount(field, n, size)
		}
	case Bool:
		field, n = "bool_contents", len(c.BoolContents)
		numbers = make([]float64, n)
		for i, b := range c.BoolContents {
			if b {
				numbers[i] = 1
			}
		}
	case Int8, Int16, Int32:
		field, n = "int_contents", len(c.IntContents)
		numbers = make([]float64, n)
		for i, x := range c.IntContents {
			numbers[i] = float64(x)
		}
	case Int64:
		field, n = "int64_contents", len(c.Int64Contents)
		numbers = make([]float64, n)
		for i, x := range c.Int64Contents {
			numbers[i] = float64(x)
		}
	case Uint8, Uint16, Uint32:
		field, n = "uint_contents", len(c.UintContents)
		numbers = make([]float64, n)
		for i, x := range c.UintContents {
			numbers[i] = float64(x)
		}
	case Uint64:
		field, n = "uint64_contents", len(c.Uint64Contents)
		numbers = make([]float64, n)
		for i, x := range c.Uint64Contents {
			numbers[i] = float64(x)
		}
	case FP32:
		field, n = "fp32_contents", len(c.Fp32Contents)
		numbers = make([]float64, n)
		for i, x := range c.Fp32Contents {
			numbers[i] = float64(x)
		}
	case FP64:
		field, n = "fp64_contents", len(c.Fp64Contents)
		numbers = append([]float64(nil), c.Fp64Contents...)
	case FP16, BF16:
		return nil, nil, fmt.Errorf("%s data must travel as raw contents: the protocol has no typed field for it", d)
	default:
		return nil, nil, fmt.Errorf("unknown datatype %q", string(d))
	}
	if n != total {
		return nil, nil, fmt.Errorf("a %s tensor holds %d elements outside %s", d, total-n, field)
	}
	if err := checkCount(field, n, size); err != nil {
		return nil, nil, err
	}
	if err := conformNumbers(numbers, d); err != nil {
		return nil, nil, err
	}
	return numbers, nil, nil
}

func checkCount(field string, n, size int) error {
	if n != size {
		return fmt.Errorf("%d elements in %s for %d in the shape", n, field, size)
	}
	return nil
}
