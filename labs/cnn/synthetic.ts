/**
 * A synthetic, CIFAR-shaped data set (32×32×3 images, 10 classes) for machines without the real one.
 *
 * Each class is a simple visual rule (a colour cast plus stripes at a class-specific angle and spacing),
 * drawn with random phase, brightness and noise, so a small CNN can learn it in a few epochs but cannot
 * memorise one template. One image in five carries a random label instead of its own (as real data sets
 * have mislabelled images), so no model can score much above 80 % on it: a result near 100 % would mean
 * something is wrong. It is generated from a seed, so every backend trains on identical data.
 * Accuracy on it says nothing about CIFAR-10 itself: the lab labels it as synthetic wherever it is used.
 */
import { CHANNELS, IMAGE_SIZE, NUM_CLASSES, PIXELS_PER_IMAGE, type ImageSet } from '../api/cifar10.ts';
import { seededRandom } from '../api/seeded-random.ts';

/** Share of images whose label is replaced by a random class. */
export const SYNTHETIC_LABEL_NOISE = 0.2;

/** Generates `count` images with balanced classes. The same seed always gives the same images. */
export function syntheticCifar(count: number, seed = 1): ImageSet {
  const random = seededRandom(seed);
  const images = new Float32Array(count * PIXELS_PER_IMAGE);
  const labels = new Uint8Array(count);
  for (let index = 0; index < count; index++) {
    const label = index % NUM_CLASSES;
    labels[index] = random() < SYNTHETIC_LABEL_NOISE ? Math.floor(random() * NUM_CLASSES) : label;
    const angle = (label * Math.PI) / NUM_CLASSES;
    const frequency = 0.35 + 0.12 * (label % 3);
    const phase = random() * Math.PI * 2;
    const brightness = 0.6 + 0.4 * random();
    const tint = [Math.cos(label), Math.cos(label + 2.1), Math.cos(label + 4.2)].map((c) => 0.35 * c);
    const dx = Math.cos(angle);
    const dy = Math.sin(angle);
    const base = index * PIXELS_PER_IMAGE;
    for (let y = 0; y < IMAGE_SIZE; y++) {
      for (let x = 0; x < IMAGE_SIZE; x++) {
        const stripe = Math.sin((x * dx + y * dy) * frequency * Math.PI + phase) * brightness;
        for (let channel = 0; channel < CHANNELS; channel++) {
          const noise = (random() - 0.5) * 0.6;
          const value = 0.55 * stripe + tint[channel] + noise;
          images[base + (y * IMAGE_SIZE + x) * CHANNELS + channel] = Math.max(-1, Math.min(1, value));
        }
      }
    }
  }
  // Shuffle so consecutive batches mix classes, as a real loader's shuffling would.
  shuffleTogether(images, labels, random);
  return { images, labels, count };
}

function shuffleTogether(images: Float32Array, labels: Uint8Array, random: () => number): void {
  const scratch = new Float32Array(PIXELS_PER_IMAGE);
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [labels[i], labels[j]] = [labels[j], labels[i]];
    const a = images.subarray(i * PIXELS_PER_IMAGE, (i + 1) * PIXELS_PER_IMAGE);
    const b = images.subarray(j * PIXELS_PER_IMAGE, (j + 1) * PIXELS_PER_IMAGE);
    scratch.set(a);
    a.set(b);
    b.set(scratch);
  }
}
