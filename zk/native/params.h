/* The BN254 family parameter u (the curve is BN(u)); every other constant follows from it. */
#ifndef ZK_PARAMS_H
#define ZK_PARAMS_H

#define BN_U 0x44e992b44a6909f1ULL /* 4965661367192848881 */

#endif
