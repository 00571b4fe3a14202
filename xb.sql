CREATE TABLE m (x text[]);
