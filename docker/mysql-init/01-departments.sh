#!/bin/bash
# One database and one user per department: each subgraph sees only its own tables.
set -euo pipefail
mysql --protocol=socket -uroot -p"${MYSQL_ROOT_PASSWORD}" <<SQL
CREATE DATABASE IF NOT EXISTS bureau CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS masswork CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS service_center CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'bureau'@'%' IDENTIFIED BY '${BUREAU_DB_PASSWORD}';
CREATE USER IF NOT EXISTS 'masswork'@'%' IDENTIFIED BY '${MASSWORK_DB_PASSWORD}';
CREATE USER IF NOT EXISTS 'service_center'@'%' IDENTIFIED BY '${SERVICE_CENTER_DB_PASSWORD}';
GRANT ALL PRIVILEGES ON bureau.* TO 'bureau'@'%';
GRANT ALL PRIVILEGES ON masswork.* TO 'masswork'@'%';
GRANT ALL PRIVILEGES ON service_center.* TO 'service_center'@'%';
FLUSH PRIVILEGES;
SQL
