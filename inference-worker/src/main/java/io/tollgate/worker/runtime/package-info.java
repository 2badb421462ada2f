/**
 * ONNX Runtime and tokenizer code: model specs, session options, batched embedding. Knows nothing of gRPC or requests.
 */
package io.tollgate.worker.runtime;
