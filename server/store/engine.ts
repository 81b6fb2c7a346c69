/** Which database engine a store runs on. */
export type Engine = 'sqlite' | 'postgres';
