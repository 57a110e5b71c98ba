package serving

import (
	"fmt"

	tf "github.com/mltest/mltest/harness/serving/internal/tfpb"
)

// TensorFlow's TensorProto, as TF Serving's gRPC API carries tensors: a
// dtype, a shape and the elements either in tensor_content (little-endian
// raw bytes, numeric types) or in the repeated field of the dtype
// (float_val, int_val, ...), where a single element fills the whole shape.

// tfDatatypes maps TensorFlow dtypes to the datatypes of this package.
var tfDatatypes = map[tf.DataType]Datatype{
	tf.DataType_DT_FLOAT: FP32, tf.DataType_DT_DOUBLE: FP64, tf.DataType_DT_HALF: FP16, tf.DataType_DT_BFLOAT16: BF16,
	tf.DataType_DT_INT8: Int8, tf.DataType_DT_INT16: Int16, tf.DataType_DT_INT32: Int32, tf.DataType_DT_INT64: Int64,
	tf.DataType_DT_UINT8: Uint8, tf.DataType_DT_UINT16: Uint16, tf.DataType_DT_UINT32: Uint32, tf.DataType_DT_UINT64: Uint64,
	tf.DataType_DT_BOOL: Bool, tf.DataType_DT_STRING: Bytes,
}

// tfDType is the TensorFlow dtype of d.
func tfDType(d Datatype) tf.DataType {
	for t, x := range tfDatatypes {
		if x == d {
			return t
		}
	}
	return tf.DataType_DT_INVALID
}

// tfShape converts a TensorShapeProto to dimensions (-1 kept for an
// unknown size); nil for an unknown rank.
func tfShape(s *tf.TensorShapeProto) ([]int, error) {
	if s.GetUnknownRank() {
		return nil, nil
	}
	shape := make([]int, len(s.GetDim()))
	for i, d := range s.GetDim() {
		if d.Size < -1 || d.Size > 1<<31-1 {
			return nil, fmt.Errorf("dimension %d of the shape is %d", i, d.Size)
		}
		shape[i] = int(d.Size)
	}
	return shape, nil
}

func tfShapeProto(shape []int) *tf.TensorShapeProto {
	s := &tf.TensorShapeProto{Dim: make([]*tf.TensorShapeProto_Dim, len(shape))}
	for i, d := range shape {
		s.Dim[i] = &tf.TensorShapeProto_Dim{Size: int64(d)}
	}
	return s
}

// tfHeader reads the dtype and shape of a value tensor, whose dimensions
// must all be known.
func tfHeader(name string, t *tf.TensorProto) (tensorHeader, error) {
	dt, ok := tfDatatypes[t.GetDtype()]
	if !ok {
		return tensorHeader{}, fmt.Errorf("tensor %q: dtype %v is not supported", name, t.GetDtype())
	}
	if t.GetTensorShape().GetUnknownRank() {
		return tensorHeader{}, fmt.Errorf("tensor %q: a value tensor cannot have an unknown rank", name)
	}
	shape, err := tfShape(t.GetTensorShape())
	if err != nil {
		return tensorHeader{}, fmt.Errorf("tensor %q: %v", name, err)
	}
	for _, d := range shape {
		if d < 0 {
			return tensorHeader{}, fmt.Errorf("tensor %q: shape %v has an unknown dimension", name, shape)
		}
	}
	return tensorHeader{Name: name, Datatype: dt, Shape: shape}, nil
}

// fromTensorProto reads the size elements of t, of datatype d: from
// tensor_content, or from d's repeated field holding size elements or one
// that fills the shape. Elements in another field are an error.
func fromTensorProto(t *tf.TensorProto, d Datatype, size int) ([]float64, []string, error) {
	if len(t.TensorContent) > 0 {
		if d == Bytes {
			return nil, nil, fmt.Errorf("DT_STRING data cannot be in tensor_content")
		}
		if n := tfValCount(t); n > 0 {
			return nil, nil, fmt.Errorf("%d elements in *_val fields besides tensor_content", n)
		}
		return decodeRaw(t.TensorContent, d, size)
	}
	var numbers []float64
	var strs []string
	var field string
	switch d {
	case Bytes:
		field = "string_val"
		strs = make([]string, len(t.StringVal))
		for i, b := range t.StringVal {
			strs[i] = string(b)
		}
	case FP32:
		field = "float_val"
		for _, x := range t.FloatVal {
			numbers = append(numbers, float64(x))
		}
	case FP64:
		field = "double_val"
		numbers = append(numbers, t.DoubleVal...)
	case FP16, BF16:
		field = "half_val"
		for _, x := range t.HalfVal {
			if x < 0 || x > 0xffff {
				return nil, nil, fmt.Errorf("half_val %d is not 16 bits", x)
			}
			if d == FP16 {
				numbers = append(numbers, float16FromBits(uint16(x)))
			} else {
				v, _, _ := decodeRaw([]byte{byte(x), byte(x >> 8)}, BF16, 1)
				numbers = append(numbers, v[0])
			}
		}
	case Int8, Int16, Int32, Uint8, Uint16:
		field = "int_val"
		for _, x := range t.IntVal {
			numbers = append(numbers, float64(x))
		}
	case Int64:
		field = "int64_val"
		for _, x := range t.Int64Val {
			numbers = append(numbers, float64(x))
		}
	case Uint32:
		field = "uint32_val"
		for _, x := range t.Uint32Val {
			numbers = append(numbers, float64(x))
		}
	case Uint64:
		field = "uint64_val"
		for _, x := range t.Uint64Val {
			numbers = append(numbers, float64(x))
		}
	case Bool:
		field = "bool_val"
		for _, b := range t.BoolVal {
			numbers = append(numbers, b2f(b))
		}
	}
	n := len(numbers) + len(strs)
	if other := tfValCount(t) - n; other != 0 {
		return nil, nil, fmt.Errorf("a %v tensor holds %d elements outside %s", t.Dtype, other, field)
	}
	if n == 1 && size > 1 { // one element fills the shape
		for range size - 1 {
			if d == Bytes {
				strs = append(strs, strs[0])
			} else {
				numbers = append(numbers, numbers[0])
			}
		}
		n = size
	}
	if n != size {
		return nil, nil, fmt.Errorf("%d elements in %s for %d in the shape", n, field, size)
	}
	if err := conformNumbers(numbers, d); err != nil {
		return nil, nil, err
	}
	return numbers, strs, nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// tfValCount is the number of elements in all repeated fields of t.
func tfValCount(t *tf.TensorProto) int {
	return len(t.HalfVal) + len(t.FloatVal) + len(t.DoubleVal) + len(t.IntVal) + len(t.StringVal) +
		len(t.ScomplexVal) + len(t.Int64Val) + len(t.BoolVal) + len(t.DcomplexVal) + len(t.Uint32Val) + len(t.Uint64Val)
}

// tensorProto is a whole tensor of datatype d (numbers conformed to d) in
// d's repeated field.
func tensorProto(shape []int, numbers []float64, strs []string, d Datatype) *tf.TensorProto {
	t := &tf.TensorProto{Dtype: tfDType(d), TensorShape: tfShapeProto(shape)}
	switch d {
	case Bytes:
		t.StringVal = make([][]byte, len(strs))
		for i, s := range strs {
			t.StringVal[i] = []byte(s)
		}
	case FP32:
		t.FloatVal = make([]float32, len(numbers))
		for i, x := range numbers {
			t.FloatVal[i] = float32(x)
		}
	case FP64:
		t.DoubleVal = numbers
	case FP16, BF16:
		t.HalfVal = make([]int32, len(numbers))
		for i, x := range numbers {
			if d == FP16 {
				t.HalfVal[i] = int32(float16Bits(x))
			} else {
				t.HalfVal[i] = int32(bfloat16Bits(x))
			}
		}
	case Int8, Int16, Int32, Uint8, Uint16:
		t.IntVal = make([]int32, len(numbers))
		for i, x := range numbers {
			t.IntVal[i] = int32(x)
		}
	case Int64:
		t.Int64Val = make([]int64, len(numbers))
		for i, x := range numbers {
			t.Int64Val[i] = floatToInt64(x)
		}
	case Uint32:
		t.Uint32Val = make([]uint32, len(numbers))
		for i, x := range numbers {
			t.Uint32Val[i] = uint32(x)
		}
	case Uint64:
		t.Uint64Val = make([]uint64, len(numbers))
		for i, x := range numbers {
			t.Uint64Val[i] = floatToUint64(x)
		}
	case Bool:
		t.BoolVal = make([]bool, len(numbers))
		for i, x := range numbers {
			t.BoolVal[i] = x != 0
		}
	}
	return t
}
