package org.shnn.engine.spec;

import java.util.Objects;

/**
 * Where the neurons of a population sit in space (µm), for distance-dependent connectors; PyNN's
 * {@code pyNN.space} structures. Positions of random structures are drawn from the seed, per
 * (population, neuron).
 *
 * <p>Immutable; thread-safe.
 */
public sealed interface Structure {

    /**
     * Neurons on a line along x: neuron i at {@code (x0 + i dx, y0, z0)} (PyNN {@code Line}).
     *
     * @param dx spacing
     * @param x0 x of neuron 0
     * @param y0 y of every neuron
     * @param z0 z of every neuron
     */
    record Line(double dx, double x0, double y0, double z0) implements Structure {
        /** @throws SpecException if a value is not finite */
        public Line {
            Fields.finite("structure Line", "dx", dx);
            Fields.finite("structure Line", "x0", x0);
            Fields.finite("structure Line", "y0", y0);
            Fields.finite("structure Line", "z0", z0);
        }
    }

    /**
     * A 2D grid as PyNN's {@code Grid2D} with fill order "sequential" ({@code pyNN/space.py}: {@code numpy.indices}
     * flattened, so y varies fastest): {@code nx = round(sqrt(n aspectRatio))} columns and {@code ny = n / nx}
     * rows, which must fill the grid exactly ({@code n = nx ny}, as PyNN requires); neuron i at
     * {@code (x0 + dx (i / ny), y0 + dy (i % ny), z)}.
     *
     * @param aspectRatio nx / ny, {@code > 0}
     * @param dx spacing along x
     * @param dy spacing along y
     * @param x0 origin x
     * @param y0 origin y
     * @param z z of every neuron
     */
    record Grid2D(double aspectRatio, double dx, double dy, double x0, double y0, double z) implements Structure {
        /** @throws SpecException on a non-positive aspect ratio or a non-finite value */
        public Grid2D {
            Fields.positive("structure Grid2D", "aspect_ratio", aspectRatio);
            Fields.finite("structure Grid2D", "dx", dx);
            Fields.finite("structure Grid2D", "dy", dy);
            Fields.finite("structure Grid2D", "x0", x0);
            Fields.finite("structure Grid2D", "y0", y0);
            Fields.finite("structure Grid2D", "z", z);
        }
    }

    /**
     * A 3D grid as PyNN's {@code Grid3D} with fill order "sequential": {@code nx = round(cbrt(n aspectRatioXY
     * aspectRatioXZ))}, {@code ny = round(nx / aspectRatioXY)}, {@code nz = round(nx / aspectRatioXZ)}, which must
     * fill the grid exactly ({@code n = nx ny nz}); z varies fastest, then y: neuron i at
     * {@code (x0 + dx (i / (ny nz)), y0 + dy ((i / nz) % ny), z0 + dz (i % nz))}.
     *
     * @param aspectRatioXY nx / ny, {@code > 0}
     * @param aspectRatioXZ nx / nz, {@code > 0}
     * @param dx spacing along x
     * @param dy spacing along y
     * @param dz spacing along z
     * @param x0 origin x
     * @param y0 origin y
     * @param z0 origin z
     */
    record Grid3D(double aspectRatioXY, double aspectRatioXZ, double dx, double dy, double dz, double x0, double y0,
            double z0) implements Structure {
        /** @throws SpecException on a non-positive aspect ratio or a non-finite value */
        public Grid3D {
            Fields.positive("structure Grid3D", "aspect_ratioXY", aspectRatioXY);
            Fields.positive("structure Grid3D", "aspect_ratioXZ", aspectRatioXZ);
            Fields.finite("structure Grid3D", "dx", dx);
            Fields.finite("structure Grid3D", "dy", dy);
            Fields.finite("structure Grid3D", "dz", dz);
            Fields.finite("structure Grid3D", "x0", x0);
            Fields.finite("structure Grid3D", "y0", y0);
            Fields.finite("structure Grid3D", "z0", z0);
        }
    }

    /**
     * Uniformly random positions in a box or ball around {@code origin} (PyNN {@code RandomStructure} with a
     * {@code Cuboid} or {@code Sphere} boundary): a cuboid draws each coordinate uniformly in
     * {@code origin +- extent / 2}; a sphere draws points in the cube {@code [-1, 1)^3} until one lies inside the
     * unit ball and scales it by the radius (PyNN's rejection). Drawn per neuron from the seed, so the positions
     * are the same on every host, but not PyNN's (which draws from NumPy's generator).
     *
     * @param shape {@code cuboid} (width, height, depth = the extents) or {@code sphere} (width = the radius)
     * @param width x extent, or the radius
     * @param height y extent (cuboid)
     * @param depth z extent (cuboid)
     * @param x0 origin x (the centre)
     * @param y0 origin y
     * @param z0 origin z
     */
    record Random(String shape, double width, double height, double depth, double x0, double y0, double z0)
            implements Structure {
        /**
         * @throws SpecException on an unknown shape, a negative extent, a sphere with a height or depth (it has
         *     only a radius: the file form has no place for more, so they would not survive a save), or a non-finite
         *     value
         */
        public Random {
            Objects.requireNonNull(shape, "shape");
            if (!shape.equals("cuboid") && !shape.equals("sphere")) {
                throw new SpecException("structure RandomStructure", "boundary", "expected 'cuboid' or 'sphere' but found '"
                        + shape + "'");
            }
            Fields.nonNegative("structure RandomStructure", "width", width);
            Fields.nonNegative("structure RandomStructure", "height", height);
            Fields.nonNegative("structure RandomStructure", "depth", depth);
            if (shape.equals("sphere") && (height != 0 || depth != 0)) {
                throw new SpecException("structure RandomStructure", "boundary", "expected a sphere given by its radius "
                        + "(width) alone, height and depth 0, but found height " + height + " and depth " + depth);
            }
            Fields.finite("structure RandomStructure", "x0", x0);
            Fields.finite("structure RandomStructure", "y0", y0);
            Fields.finite("structure RandomStructure", "z0", z0);
        }
    }

    /**
     * Given positions: {@code xyz} holds x, y, z of neuron 0, then of neuron 1, ... (3 n values).
     *
     * @param xyz the coordinates
     */
    record Explicit(ArrayRef xyz) implements Structure {
        /** @throws NullPointerException if xyz is null */
        public Explicit {
            Objects.requireNonNull(xyz, "xyz");
        }
    }
}
