/* rng.h: the simulator's random numbers (xoshiro256**), reproducible from a seed. */
#ifndef STATION_SIM_RNG_H
#define STATION_SIM_RNG_H

#include <math.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
	double spare;   /* the second normal of the last Box-Muller pair */
	int has_spare;
};

static inline uint64_t rng_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static inline void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = rng_splitmix(&seed);
	r->has_spare = 0;
}

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = ((s[1] * 5) << 7 | (s[1] * 5) >> 57) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = (s[3] << 45) | (s[3] >> 19);
	return result;
}

/* Uniform in [0, 1). */
static inline double rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [-1, 1). */
static inline double rng_symmetric(struct rng *r)
{
	return 2.0 * rng_uniform(r) - 1.0;
}

/* Standard normal (Box-Muller, both values used). */
static inline double rng_normal(struct rng *r)
{
	if (r->has_spare) {
		r->has_spare = 0;
		return r->spare;
	}
	double u = 1.0 - rng_uniform(r);
	double v = rng_uniform(r);
	double radius = sqrt(-2.0 * log(u));
	r->spare = radius * sin(2.0 * M_PI * v);
	r->has_spare = 1;
	return radius * cos(2.0 * M_PI * v);
}

#endif
