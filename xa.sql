CREATE TABLE m (x varchar[]);
