/**
 * The part of ONNX's protobuf schema (onnx.proto, IR version 8) that an exported inference graph
 * uses — model, graph, node, attribute, tensor and value-info messages — as a protobufjs
 * reflection root. Field numbers are ONNX's; messages and fields we never write are left out
 * (protobuf readers skip what they do not know, and we only write).
 */
import protobuf from 'protobufjs/light.js';

const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });
const one = (type: string, id: number) => ({ type, id });

const root = protobuf.Root.fromJSON({
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: one('string', 1), type: one('int32', 20), f: one('float', 2), i: one('int64', 3), s: one('bytes', 4),
            t: one('TensorProto', 5), floats: repeated('float', 7), ints: repeated('int64', 8),
          },
        },
        ValueInfoProto: { fields: { name: one('string', 1), type: one('TypeProto', 2) } },
        NodeProto: {
          fields: {
            input: repeated('string', 1), output: repeated('string', 2), name: one('string', 3), op_type: one('string', 4),
            domain: one('string', 7), attribute: repeated('AttributeProto', 5),
          },
        },
        ModelProto: {
          fields: {
            ir_version: one('int64', 1), opset_import: repeated('OperatorSetIdProto', 8), producer_name: one('string', 2),
            producer_version: one('string', 3), doc_string: one('string', 6), graph: one('GraphProto', 7),
          },
        },
        GraphProto: {
          fields: {
            node: repeated('NodeProto', 1), name: one('string', 2), initializer: repeated('TensorProto', 5),
            input: repeated('ValueInfoProto', 11), output: repeated('ValueInfoProto', 12),
          },
        },
        TensorProto: { fields: { dims: repeated('int64', 1), data_type: one('int32', 2), name: one('string', 8), raw_data: one('bytes', 9) } },
        TensorShapeProto: {
          fields: { dim: repeated('Dimension', 1) },
          nested: { Dimension: { fields: { dim_value: one('int64', 1), dim_param: one('string', 2) } } },
        },
        TypeProto: {
          fields: { tensor_type: one('Tensor', 1) },
          nested: { Tensor: { fields: { elem_type: one('int32', 1), shape: one('TensorShapeProto', 2) } } },
        },
        OperatorSetIdProto: { fields: { domain: one('string', 1), version: one('int64', 2) } },
      },
    },
  },
});

/** The ModelProto message type: `encode(verify-free plain object).finish()` gives the .onnx bytes. */
export const ModelProto = root.lookupType('onnx.ModelProto');

/** TensorProto.DataType codes. */
export const DATA_TYPE = { float32: 1, uint8: 2, int8: 3, uint16: 4, int16: 5, int32: 6, int64: 7, bool: 9, float16: 10, float64: 11, uint32: 12, bfloat16: 16 } as const;

/** AttributeProto.AttributeType codes. */
export const ATTRIBUTE_TYPE = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

/** ONNX IR version 8 and the default-domain opset 18 (ReduceMax/ReduceSum take axes as an input). */
export const IR_VERSION = 8;
export const OPSET = 18;
