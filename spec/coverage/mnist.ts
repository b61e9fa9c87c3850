/** What the MNIST specs compare on WebGPU against the CPU oracle (spec/nn-dit.spec.ts, spec/mnist-classifier.spec.ts). */
export const COVERED: readonly string[] = ['nn.dit', 'nn.conv3x3', 'nn.maxPool2', 'nn.classifierFeatures', 'nn.classifier'];
