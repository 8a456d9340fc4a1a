package org.shnn.engine.assembly;

import org.shnn.engine.random.CounterRng;
import org.shnn.engine.random.RngPurpose;
import org.shnn.engine.spec.PopulationSpec;
import org.shnn.engine.spec.SpecException;
import org.shnn.engine.spec.Structure;

/**
 * The positions (µm) of a population's neurons from its {@link Structure}, as {@code x, y, z} per neuron, with
 * PyNN's fill orders ({@code pyNN/space.py}; see each structure's Javadoc).
 *
 * <p>Thread-safety: stateless.
 */
final class Positions {

    private Positions() {
    }

    /**
     * The positions of population {@code index}.
     *
     * @throws SpecException naming the population if a grid does not fit its size or explicit positions are not
     *     3 per neuron
     */
    static double[] of(PopulationSpec p, int index, long seed, ArrayReader reader) {
        int n = p.size();
        double[] xyz = new double[3 * n];
        switch (p.structure()) {
            case Structure.Line l -> {
                for (int i = 0; i < n; i++) {
                    set(xyz, i, l.x0() + l.dx() * i, l.y0(), l.z0());
                }
            }
            case Structure.Grid2D g -> {
                double nxExact = Math.sqrt(n * g.aspectRatio());
                int nx = (int) Math.round(nxExact);
                if (nx < 1 || n % nx != 0) {
                    throw new SpecException(p.element(), "structure", "Grid2D expected a size that fills a grid of "
                            + "round(sqrt(n aspect_ratio)) = " + nx + " columns but found " + n + " neurons");
                }
                int ny = n / nx;
                for (int i = 0; i < n; i++) {
                    set(xyz, i, g.x0() + g.dx() * (i / ny), g.y0() + g.dy() * (i % ny), g.z());
                }
            }
            case Structure.Grid3D g -> {
                int nx = (int) Math.round(Math.cbrt(n * g.aspectRatioXY() * g.aspectRatioXZ()));
                int ny = (int) Math.round(nx / g.aspectRatioXY());
                int nz = (int) Math.round(nx / g.aspectRatioXZ());
                if ((long) nx * ny * nz != n) {
                    throw new SpecException(p.element(), "structure", "Grid3D expected nx ny nz = n but found " + nx
                            + " x " + ny + " x " + nz + " for " + n + " neurons");
                }
                for (int i = 0; i < n; i++) {
                    set(xyz, i, g.x0() + g.dx() * (i / (ny * nz)), g.y0() + g.dy() * ((i / nz) % ny),
                            g.z0() + g.dz() * (i % nz));
                }
            }
            case Structure.Random r -> random(r, n, index, seed, xyz);
            case Structure.Explicit e -> {
                try (ArrayReader.Column c = reader.open(p.element(), "structure.xyz", e.xyz())) {
                    if (c.length() != 3L * n) {
                        throw new SpecException(p.element(), "structure.xyz", "expected " + 3L * n
                                + " values (x, y, z per neuron) but found " + c.length());
                    }
                    for (int k = 0; k < 3 * n; k++) {
                        xyz[k] = c.finite(k);
                    }
                }
            }
        }
        return xyz;
    }

    private static void random(Structure.Random r, int n, int index, long seed, double[] xyz) {
        CounterRng rng = new CounterRng(seed);
        int purpose = RngPurpose.position(index);
        boolean sphere = r.shape().equals("sphere");
        for (int i = 0; i < n; i++) {
            rng.reset(purpose, i, 0);
            double x;
            double y;
            double z;
            if (sphere) {
                do {
                    x = 2 * rng.nextDouble() - 1;
                    y = 2 * rng.nextDouble() - 1;
                    z = 2 * rng.nextDouble() - 1;
                } while (x * x + y * y + z * z >= 1);
                set(xyz, i, r.x0() + r.width() * x, r.y0() + r.width() * y, r.z0() + r.width() * z);
            } else {
                x = 2 * rng.nextDouble() - 1;
                y = 2 * rng.nextDouble() - 1;
                z = 2 * rng.nextDouble() - 1;
                set(xyz, i, r.x0() + 0.5 * x * r.width(), r.y0() + 0.5 * y * r.height(), r.z0() + 0.5 * z * r.depth());
            }
        }
    }

    private static void set(double[] xyz, int i, double x, double y, double z) {
        xyz[3 * i] = x;
        xyz[3 * i + 1] = y;
        xyz[3 * i + 2] = z;
    }
}
