global using NUnit.Framework;
global using FibreCafe.Gateway.Tests.Infrastructure;
global using FibreCafe.Gateway.Tests;
